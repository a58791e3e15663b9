package org.tsunagu.consent.portal;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.oauth2Client;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.oidcLogin;
import static org.springframework.security.test.web.servlet.setup.SecurityMockMvcConfigurers.springSecurity;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.test.web.servlet.request.MockMvcRequestBuilders;
import org.springframework.test.web.servlet.request.RequestPostProcessor;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.context.WebApplicationContext;
import org.tsunagu.consent.support.ConsentServiceIntegrationTest;

import com.github.tomakehurst.wiremock.client.WireMock;

import tools.jackson.databind.JsonNode;

/** The resident portal: login redirect with PKCE, Japanese first, withdraw per app and per category, CSRF. */
class PortalPagesTest extends ConsentServiceIntegrationTest {

    @Autowired
    private WebApplicationContext context;

    @Autowired
    private ClientRegistrationRepository registrations;

    private MockMvc mvc;

    @BeforeEach
    void setUp() {
        mvc = MockMvcBuilders.webAppContextSetup(context).apply(springSecurity()).build();
    }

    private static MockHttpServletRequestBuilder page(String url) {
        return MockMvcRequestBuilders.get(url);
    }

    /** A portal session of the resident, with the resident's access token for the audit service. */
    private RequestPostProcessor loggedIn(String residentId) {
        RequestPostProcessor login = oidcLogin()
                .clientRegistration(registrations.findByRegistrationId("regional-id"))
                .idToken(token -> token.subject(residentId));
        RequestPostProcessor client = oauth2Client("regional-id")
                .clientRegistration(registrations.findByRegistrationId("regional-id"))
                .principalName(residentId)
                .accessToken(new OAuth2AccessToken(OAuth2AccessToken.TokenType.BEARER, "token-of-" + residentId,
                        Instant.now(), Instant.now().plusSeconds(300)));
        return request -> client.postProcessRequest(login.postProcessRequest(request));
    }

    private static String newResident() {
        return "RID-P-" + UUID.randomUUID();
    }

    @Test
    void givenAnonymous_whenOpeningAPage_thenRedirectedToRegionalIdWithPkce() throws Exception {
        MvcResult page = mvc.perform(page("/apps")).andReturn();
        assertThat(page.getResponse().getStatus()).isEqualTo(302);
        assertThat(page.getResponse().getRedirectedUrl()).endsWith("/oauth2/authorization/regional-id");

        MvcResult authorize = mvc.perform(page("/oauth2/authorization/regional-id")).andReturn();

        String location = authorize.getResponse().getRedirectedUrl();
        assertThat(location).startsWith(WIREMOCK.baseUrl() + "/oauth2/authorize?")
                .contains("client_id=tsunagu-portal")
                .contains("code_challenge_method=S256")
                .contains("code_challenge=")
                .contains("scope=openid")
                .contains("redirect_uri=http://localhost/login/oauth2/code/regional-id");
    }

    @Test
    void givenAnonymous_whenOpeningTheHomePage_thenJapaneseLandingWithLoginLink() throws Exception {
        String html = mvc.perform(page("/")).andReturn().getResponse().getContentAsString();

        assertThat(html).contains("lang=\"ja\"").contains("地域IDでログイン").contains("/oauth2/authorization/regional-id");
    }

    @Test
    void givenConsents_whenOpeningApps_thenEachAppWithOperatorWhatWhyUntilInJapanese() throws Exception {
        String resident = newResident();
        grant(resident, "aizu-vaccine-notebook", "vaccination-records", "service-provision");

        String html = mvc.perform(page("/apps").with(loggedIn(resident))).andReturn().getResponse()
                .getContentAsString();

        assertThat(html).contains("lang=\"ja\"").contains("会津ワクチン手帳").contains("会津デジタルヘルス合同会社")
                .contains("予防接種記録").contains("サービスの提供").contains("このアプリへの提供をすべて取り消す")
                .contains("name=\"_csrf\"");
    }

    @Test
    void givenLangEn_whenOpeningApps_thenEnglish() throws Exception {
        String resident = newResident();
        grant(resident, "aizu-vaccine-notebook", "vaccination-records", "service-provision");

        String html = mvc.perform(page("/apps").param("lang", "en").with(loggedIn(resident))).andReturn()
                .getResponse().getContentAsString();

        assertThat(html).contains("lang=\"en\"").contains("Apps that can use my data")
                .contains("Vaccination records").contains("Withdraw everything from this app");
    }

    @Test
    void givenNoCsrfToken_whenWithdrawing_thenForbiddenAndNothingChanges() throws Exception {
        String resident = newResident();
        grant(resident, "aizu-vaccine-notebook", "vaccination-records", "service-provision");
        List<Long> before = footprint(resident);

        int status = mvc.perform(post("/apps/aizu-vaccine-notebook/withdraw").with(loggedIn(resident)))
                .andReturn().getResponse().getStatus();

        assertThat(status).isEqualTo(403);
        assertThat(footprint(resident)).isEqualTo(before);
    }

    @Test
    void givenTwoCategories_whenWithdrawingOneCategory_thenOnlyThatCategoryRevokedAndConfirmed() throws Exception {
        String resident = newResident();
        grant(resident, "aizu-vaccine-notebook", "vaccination-records", "service-provision");
        grant(resident, "aizu-vaccine-notebook", "resident-basic", "notification");

        MvcResult result = mvc.perform(post("/apps/aizu-vaccine-notebook/categories/resident-basic/withdraw")
                .with(loggedIn(resident)).with(csrf())).andReturn();

        assertThat(result.getResponse().getRedirectedUrl()).isEqualTo("/apps");
        assertThat((String) result.getFlashMap().get("confirmation")).contains("会津ワクチン手帳")
                .contains("住民基本情報");
        for (JsonNode item : get("/v1/me/consents", tokenFor(resident)).json().get("items")) {
            String expected = item.get("category").asString().equals("resident-basic") ? "REVOKED" : "ACTIVE";
            assertThat(item.get("status").asString()).isEqualTo(expected);
        }
    }

    @Test
    void givenApp_whenWithdrawingEverything_thenAllRevokedAndConfirmationShownOnTheNextPage() throws Exception {
        String resident = newResident();
        grant(resident, "aizu-vaccine-notebook", "vaccination-records", "service-provision");
        grant(resident, "aizu-vaccine-notebook", "resident-basic", "notification");

        MvcResult result = mvc.perform(post("/apps/aizu-vaccine-notebook/withdraw")
                .with(loggedIn(resident)).with(csrf())).andReturn();
        String next = mvc.perform(page("/apps").with(loggedIn(resident))
                .flashAttrs(result.getFlashMap())).andReturn().getResponse().getContentAsString();

        assertThat(next).contains("id=\"confirmation\"").contains("すべて取り消しました").contains("id=\"no-apps\"");
        assertThat(get("/v1/me/consents", tokenFor(resident)).json().get("items"))
                .allSatisfy(item -> assertThat(item.get("status").asString()).isEqualTo("REVOKED"));
    }

    @Test
    void givenAuditRecords_whenOpeningAccessLog_thenRowsShownAndAuditCalledWithTheResidentsToken() throws Exception {
        String resident = newResident();
        WIREMOCK.stubFor(WireMock.get(urlPathEqualTo("/v1/me/access-log"))
                .withHeader("Authorization", equalTo("Bearer token-of-" + resident))
                .willReturn(okJson("""
                        {"items":[{"recordId":"r1","occurredAt":"2026-11-20T01:02:03Z","appId":"aizu-vaccine-notebook",
                          "category":"vaccination-records","purpose":"service-provision","decision":"ALLOWED",
                          "reason":"granted","appOperator":"会津デジタルヘルス合同会社","newField":1}]}""")));

        String html = mvc.perform(page("/access-log").with(loggedIn(resident))).andReturn().getResponse()
                .getContentAsString();

        assertThat(html).contains("会津ワクチン手帳").contains("提供しました").contains("予防接種記録");
        WIREMOCK.verify(getRequestedFor(urlPathEqualTo("/v1/me/access-log"))
                .withHeader("Authorization", equalTo("Bearer token-of-" + resident)));
    }

    @Test
    void givenAuditDown_whenOpeningAccessLog_thenPageSaysSoInsteadOfFailing() throws Exception {
        String resident = "RID-P-NOAUDIT-" + UUID.randomUUID();
        WIREMOCK.stubFor(WireMock.get(urlPathEqualTo("/v1/me/access-log"))
                .withHeader("Authorization", equalTo("Bearer token-of-" + resident))
                .willReturn(WireMock.aResponse().withStatus(503)));

        MvcResult result = mvc.perform(page("/access-log").with(loggedIn(resident))).andReturn();

        assertThat(result.getResponse().getStatus()).isEqualTo(200);
        assertThat(result.getResponse().getContentAsString()).contains("いま記録を読み込めません");
    }

    @Test
    void givenReceipts_whenListingDownloadingAndExportingReport_thenOwnReceiptsAndJsonReport() throws Exception {
        String resident = newResident();
        grant(resident, "bandai-school-notice", "resident-basic", "notification");
        JsonNode receipt = get("/v1/me/receipts", tokenFor(resident)).json().get("items").get(0);
        String receiptId = receipt.get("receiptId").asString();

        String page = mvc.perform(page("/receipts").with(loggedIn(resident))).andReturn().getResponse()
                .getContentAsString();
        MvcResult download = mvc.perform(page("/receipts/" + receiptId).with(loggedIn(resident))).andReturn();
        MvcResult stranger = mvc.perform(page("/receipts/" + receiptId).with(loggedIn(newResident()))).andReturn();
        MvcResult report = mvc.perform(page("/report.json").with(loggedIn(resident))).andReturn();
        String printable = mvc.perform(page("/report").with(loggedIn(resident))).andReturn().getResponse()
                .getContentAsString();

        assertThat(page).contains("ばんだい学校だより").contains("/receipts/" + receiptId);
        assertThat(download.getResponse().getContentType()).startsWith("application/jose");
        assertThat(download.getResponse().getContentAsString()).isEqualTo(receipt.get("jws").asString());
        assertThat(stranger.getResponse().getStatus()).isEqualTo(404);
        JsonNode json = JSON.readTree(report.getResponse().getContentAsString());
        assertThat(json.get("consents").get(0).get("purposeIri").asString())
                .isEqualTo("https://w3id.org/dpv#CommunicationForCustomerCare");
        assertThat(json.get("receipts")).hasSize(1);
        assertThat(printable).contains("私のデータの流れの報告書").contains("磐梯町教育委員会");
    }

    @Test
    void givenPortalSession_whenCallingTheApi_thenBearerOnly401() throws Exception {
        int status = mvc.perform(page("/v1/me/consents").with(loggedIn(newResident()))).andReturn().getResponse()
                .getStatus();

        assertThat(status).isEqualTo(401);
    }

    @Test
    void givenOperatorAccount_whenOpeningPortal_thenForbiddenPage() throws Exception {
        MvcResult result = mvc.perform(page("/apps").with(oidcLogin()
                .clientRegistration(registrations.findByRegistrationId("regional-id"))
                .idToken(token -> token.subject("OP-0001").claim("roles", List.of("operator"))))).andReturn();

        assertThat(result.getResponse().getStatus()).isEqualTo(403);
    }
}
