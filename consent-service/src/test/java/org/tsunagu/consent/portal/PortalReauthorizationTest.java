package org.tsunagu.consent.portal;

import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.authentication;
import static org.springframework.security.test.web.servlet.setup.SecurityMockMvcConfigurers.springSecurity;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClient;
import org.springframework.security.oauth2.client.authentication.OAuth2AuthenticationToken;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.oauth2.client.web.OAuth2AuthorizedClientRepository;
import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.security.oauth2.core.oidc.OidcIdToken;
import org.springframework.security.oauth2.core.oidc.user.DefaultOidcUser;
import org.springframework.security.web.savedrequest.SavedRequest;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.MockMvcRequestBuilders;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.context.WebApplicationContext;
import org.springframework.web.util.UriComponentsBuilder;
import org.tsunagu.consent.support.ConsentServiceIntegrationTest;

import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.stubbing.StubMapping;
import com.nimbusds.jwt.JWTClaimsSet;

/**
 * Portal access tokens live 5 minutes and the public client has no refresh token: once the
 * resident's token expired, pages that read audit-service re-authorize at the regional ID
 * (silent in its session) and come back, instead of showing a false "unavailable".
 */
class PortalReauthorizationTest extends ConsentServiceIntegrationTest {

    @Autowired
    private WebApplicationContext context;

    @Autowired
    private ClientRegistrationRepository registrations;

    @Autowired
    private OAuth2AuthorizedClientRepository authorizedClients;

    private MockMvc mvc;

    @BeforeEach
    void setUp() {
        mvc = MockMvcBuilders.webAppContextSetup(context).apply(springSecurity()).build();
    }

    @ParameterizedTest
    @ValueSource(strings = {"/access-log", "/report", "/report.json"})
    void givenExpiredAccessToken_whenOpeningAPageThatReadsTheAccessLog_thenRedirectedToAuthorizationEndpoint(
            String path) throws Exception {
        String resident = "RID-RA-" + UUID.randomUUID();
        String expiredToken = "expired-token-of-" + resident;
        OAuth2AuthenticationToken login = portalLogin(resident);
        MockHttpSession session = new MockHttpSession();
        Instant now = Instant.now();
        saveAuthorizedClient(login, session, new OAuth2AccessToken(OAuth2AccessToken.TokenType.BEARER,
                expiredToken, now.minusSeconds(600), now.minusSeconds(300)));

        MvcResult page = mvc.perform(MockMvcRequestBuilders.get(path).session(session)
                .with(authentication(login))).andReturn();

        assertThat(page.getResponse().getStatus()).as(page.getResponse().getContentAsString()).isEqualTo(302);
        String location = page.getResponse().getRedirectedUrl();
        assertThat(location).startsWith(WIREMOCK.baseUrl() + "/oauth2/authorize?")
                .contains("response_type=code", "client_id=tsunagu-portal", "code_challenge_method=S256",
                        "scope=openid");
        SavedRequest saved = (SavedRequest) session.getAttribute("SPRING_SECURITY_SAVED_REQUEST");
        assertThat(saved).as("the page to come back to after re-authorization").isNotNull();
        assertThat(saved.getRedirectUrl()).contains(path);
        WIREMOCK.verify(0, getRequestedFor(urlPathEqualTo("/v1/me/access-log"))
                .withHeader("Authorization", equalTo("Bearer " + expiredToken)));
    }

    @ParameterizedTest
    @ValueSource(longs = {5, 20})
    void givenAccessTokenAboutToExpire_whenOpeningTheAccessLog_thenReauthorizesBeforeItDies(long secondsLeft)
            throws Exception {
        String resident = "RID-RA-" + UUID.randomUUID();
        OAuth2AuthenticationToken login = portalLogin(resident);
        MockHttpSession session = new MockHttpSession();
        Instant now = Instant.now();
        saveAuthorizedClient(login, session, new OAuth2AccessToken(OAuth2AccessToken.TokenType.BEARER,
                "dying-token-of-" + resident, now.minusSeconds(290), now.plusSeconds(secondsLeft)));

        MvcResult page = mvc.perform(MockMvcRequestBuilders.get("/access-log").session(session)
                .with(authentication(login))).andReturn();

        assertThat(page.getResponse().getStatus()).isEqualTo(302);
        assertThat(page.getResponse().getRedirectedUrl()).startsWith(WIREMOCK.baseUrl() + "/oauth2/authorize?");
    }

    @Test
    void givenExpiredAccessToken_whenRegionalIdAuthorizesSilently_thenResidentBackOnAccessLogWithFreshToken()
            throws Exception {
        String resident = "RID-RA-" + UUID.randomUUID();
        OAuth2AuthenticationToken login = portalLogin(resident);
        MockHttpSession session = new MockHttpSession();
        Instant now = Instant.now();
        saveAuthorizedClient(login, session, new OAuth2AccessToken(OAuth2AccessToken.TokenType.BEARER,
                "expired-token-of-" + resident, now.minusSeconds(600), now.minusSeconds(300)));
        String authorize = mvc.perform(MockMvcRequestBuilders.get("/access-log").session(session)
                .with(authentication(login))).andReturn().getResponse().getRedirectedUrl();
        Map<String, String> query = UriComponentsBuilder.fromUriString(authorize).build().getQueryParams()
                .toSingleValueMap();
        String freshToken = "fresh-token-of-" + resident;
        StubMapping tokenEndpoint = WIREMOCK.stubFor(WireMock.post(urlPathEqualTo("/oauth2/token"))
                .withRequestBody(containing("code_verifier="))
                .willReturn(okJson("""
                        {"access_token":"%s","token_type":"Bearer","expires_in":300,"scope":"openid","id_token":"%s"}
                        """.formatted(freshToken, idToken(resident, decode(query.get("nonce")))))));
        WIREMOCK.stubFor(WireMock.get(urlPathEqualTo("/v1/me/access-log"))
                .withHeader("Authorization", equalTo("Bearer " + freshToken))
                .willReturn(okJson("""
                        {"items":[{"recordId":"r1","occurredAt":"2026-11-20T01:02:03Z","appId":"aizu-vaccine-notebook",
                          "category":"vaccination-records","purpose":"service-provision","decision":"ALLOWED",
                          "reason":"granted","appOperator":"会津デジタルヘルス合同会社"}]}""")));
        try {
            // the regional ID's session answers at once with a code: no login screen for the resident
            MvcResult callback = mvc.perform(MockMvcRequestBuilders.get("/login/oauth2/code/regional-id")
                    .param("code", "silent-code").param("state", decode(query.get("state"))).session(session))
                    .andReturn();

            assertThat(callback.getResponse().getStatus()).isEqualTo(302);
            String back = callback.getResponse().getRedirectedUrl();
            assertThat(back).contains("/access-log");
            MvcResult page = mvc.perform(MockMvcRequestBuilders.get(back).session(session)).andReturn();
            assertThat(page.getResponse().getStatus()).isEqualTo(200);
            assertThat(page.getResponse().getContentAsString()).contains("会津ワクチン手帳")
                    .doesNotContain("いま記録を読み込めません");
            WIREMOCK.verify(getRequestedFor(urlPathEqualTo("/v1/me/access-log"))
                    .withHeader("Authorization", equalTo("Bearer " + freshToken)));
        } finally {
            WIREMOCK.removeStub(tokenEndpoint);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"/access-log", "/report", "/report.json"})
    void givenATokenAuditServiceNoLongerAccepts_whenOpeningAPageThatReadsTheAccessLog_thenForgottenAndReauthorized(
            String path) throws Exception {
        // e.g. its signing key was withdrawn in an emergency (ADR 0056): not expired, but refused
        String resident = "RID-RA-" + UUID.randomUUID();
        String refusedToken = "withdrawn-key-token-of-" + resident;
        OAuth2AuthenticationToken login = portalLogin(resident);
        MockHttpSession session = new MockHttpSession();
        Instant now = Instant.now();
        saveAuthorizedClient(login, session, new OAuth2AccessToken(OAuth2AccessToken.TokenType.BEARER,
                refusedToken, now.minusSeconds(120), now.plusSeconds(180)));
        StubMapping refusal = WIREMOCK.stubFor(WireMock.get(urlPathEqualTo("/v1/me/access-log"))
                .withHeader("Authorization", equalTo("Bearer " + refusedToken))
                .willReturn(WireMock.aResponse().withStatus(401).withHeader("WWW-Authenticate", "Bearer error=\"invalid_token\"")));
        try {
            MvcResult page = mvc.perform(MockMvcRequestBuilders.get(path).session(session)
                    .with(authentication(login))).andReturn();

            assertThat(page.getResponse().getStatus()).as(page.getResponse().getContentAsString()).isEqualTo(302);
            assertThat(page.getResponse().getRedirectedUrl()).startsWith(WIREMOCK.baseUrl() + "/oauth2/authorize?");
            SavedRequest saved = (SavedRequest) session.getAttribute("SPRING_SECURITY_SAVED_REQUEST");
            assertThat(saved).as("the page to come back to after re-authorization").isNotNull();
            assertThat(saved.getRedirectUrl()).contains(path);
            MockHttpServletRequest request = new MockHttpServletRequest();
            request.setSession(session);
            assertThat((OAuth2AuthorizedClient) authorizedClients.loadAuthorizedClient("regional-id", login, request))
                    .as("the refused token is forgotten").isNull();
        } finally {
            WIREMOCK.removeStub(refusal);
        }
    }

    @Test
    void givenAFreshTokenAuditServiceRefuses_whenOpeningTheAccessLog_thenShownUnavailable_notSentRoundAgain()
            throws Exception {
        String resident = "RID-RA-" + UUID.randomUUID();
        String freshToken = "fresh-but-refused-token-of-" + resident;
        OAuth2AuthenticationToken login = portalLogin(resident);
        MockHttpSession session = new MockHttpSession();
        Instant now = Instant.now();
        saveAuthorizedClient(login, session, new OAuth2AccessToken(OAuth2AccessToken.TokenType.BEARER,
                freshToken, now.minusSeconds(5), now.plusSeconds(295)));
        StubMapping refusal = WIREMOCK.stubFor(WireMock.get(urlPathEqualTo("/v1/me/access-log"))
                .withHeader("Authorization", equalTo("Bearer " + freshToken))
                .willReturn(WireMock.aResponse().withStatus(401)));
        try {
            MvcResult page = mvc.perform(MockMvcRequestBuilders.get("/access-log").session(session)
                    .with(authentication(login))).andReturn();

            assertThat(page.getResponse().getStatus()).isEqualTo(200);
            assertThat(page.getResponse().getContentAsString()).contains("いま記録を読み込めません");
        } finally {
            WIREMOCK.removeStub(refusal);
        }
    }

    private static String decode(String value) {
        return URLDecoder.decode(value, StandardCharsets.UTF_8);
    }

    /** The ID token the regional ID returns with the new code, signed with the key its JWKS publishes. */
    private static String idToken(String residentId, String nonce) {
        Instant now = Instant.now();
        return sign(new JWTClaimsSet.Builder()
                .issuer(WIREMOCK.baseUrl())
                .subject(residentId)
                .audience("tsunagu-portal")
                .claim("azp", "tsunagu-portal")
                .claim("nonce", nonce)
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plusSeconds(300)))
                .build(), SIGNING_KEY);
    }

    private OAuth2AuthenticationToken portalLogin(String residentId) {
        Instant now = Instant.now();
        OidcIdToken idToken = new OidcIdToken("id-token", now, now.plusSeconds(600),
                Map.of("sub", residentId, "iss", WIREMOCK.baseUrl(), "aud", List.of("tsunagu-portal")));
        DefaultOidcUser user = new DefaultOidcUser(List.of(new SimpleGrantedAuthority("OIDC_USER")), idToken);
        return new OAuth2AuthenticationToken(user, user.getAuthorities(), "regional-id");
    }

    private void saveAuthorizedClient(OAuth2AuthenticationToken login, MockHttpSession session,
                                      OAuth2AccessToken accessToken) {
        MockHttpServletRequest request = new MockHttpServletRequest();
        request.setSession(session);
        authorizedClients.saveAuthorizedClient(new OAuth2AuthorizedClient(
                registrations.findByRegistrationId("regional-id"), login.getName(), accessToken),
                login, request, new MockHttpServletResponse());
    }
}
