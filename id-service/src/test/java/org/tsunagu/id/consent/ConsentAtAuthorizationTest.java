package org.tsunagu.id.consent;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.tsunagu.id.HubHttpClient;
import org.tsunagu.id.IdServiceTestSupport;
import org.tsunagu.id.keys.SigningKeys;
import tools.jackson.databind.JsonNode;

/** The hub's opt-in screen as the consent page (ADR 0025), with WireMock as consent-service. */
class ConsentAtAuthorizationTest extends IdServiceTestSupport {

    private static final String TOURISM = "aizu-tourism";
    private static final String TOURISM_REDIRECT = "http://127.0.0.1:8767/callback";
    private static final String BOTH = "openid category:vaccination-records category:resident-basic";
    private static final String GRANTED = """
            {"consentId":"c-1","version":1,"appId":"aizu-tourism","category":"vaccination-records",
             "purpose":"personalisation","status":"ACTIVE","validFrom":"2026-11-22T00:00:00Z",
             "validUntil":"2027-11-22T00:00:00Z","grantedAt":"2026-11-22T00:00:00Z"}""";

    @Autowired
    SigningKeys signingKeys;

    private String verifier;

    @BeforeEach
    void resetConsentService() {
        CONSENT_SERVICE.resetAll();
    }

    /** Logs hanako in on the browser for an aizu-tourism request; returns the consent page response. */
    private HttpResponse<String> consentPage(HubHttpClient browser, String scope, String lang) {
        HubHttpClient.Authorization started = browser.authorize(TOURISM, TOURISM_REDIRECT, scope, "hanako", "Aizu-Hanako-2026");
        verifier = started.verifier();
        assertThat(started.finalResponse().statusCode()).as(started.finalResponse().body()).isEqualTo(302);
        URI consent = HubHttpClient.location(started.finalResponse());
        assertThat(consent.getPath()).isEqualTo("/oauth2/consent");
        return browser.get(consent + (lang == null ? "" : "&lang=" + lang));
    }

    private static String state(HttpResponse<String> page) {
        var m = java.util.regex.Pattern.compile("name=\"state\" value=\"([^\"]+)\"").matcher(page.body());
        assertThat(m.find()).as(page.body()).isTrue();
        return m.group(1).replace("&#61;", "=").replace("&amp;", "&");
    }

    private static HttpResponse<String> decide(HubHttpClient browser, HttpResponse<String> page, String... scopes) {
        StringBuilder form = new StringBuilder("client_id=" + TOURISM + "&state=" + enc(state(page))
                + "&_csrf=" + enc(HubHttpClient.csrfToken(page.body())));
        for (String scope : scopes) {
            form.append("&scope=").append(enc(scope));
        }
        return browser.postEncodedForm("/oauth2/authorize", form.toString());
    }

    private static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    @Test
    void givenAnAppAskingForTwoCategories_whenTheConsentScreenIsShown_thenItSaysWhatForWhichPurposeUntilWhenInJapanese() {
        HttpResponse<String> page = consentPage(http(), BOTH, null);

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("lang=\"ja\"", "予防接種の記録", "住民票の基本情報",
                "あなたに合わせた表示をするため", "まで", "name=\"scope\" value=\"category:vaccination-records\"",
                "name=\"scope\" value=\"category:resident-basic\"", "id=\"language-switch\"");
    }

    @Test
    void givenTheLanguageSwitch_whenTheConsentScreenIsShown_thenItIsInEnglish() {
        HttpResponse<String> page = consentPage(http(), BOTH, "en");

        assertThat(page.body()).contains("lang=\"en\"", "Vaccination records", "To tailor the app to you", "Until ");
    }

    @Test
    void givenTwoCategoriesAsked_whenTheResidentApprovesOne_thenExactlyOneGrantIsRecordedAndOnlyThatScopeIsGranted() {
        CONSENT_SERVICE.stubFor(post(urlEqualTo("/v1/me/consents")).willReturn(aResponse().withStatus(201)
                .withHeader("Content-Type", "application/json").withBody(GRANTED)));
        HubHttpClient browser = http();
        HttpResponse<String> page = consentPage(browser, BOTH, null);

        HttpResponse<String> back = decide(browser, page, "category:vaccination-records");

        assertThat(back.statusCode()).as(back.body()).isEqualTo(302);
        URI redirect = HubHttpClient.location(back);
        assertThat(redirect.toString()).startsWith(TOURISM_REDIRECT + "?");
        assertThat(HubHttpClient.queryParameter(redirect, "iss")).isEqualTo(ISSUER);
        String code = HubHttpClient.queryParameter(redirect, "code");
        assertThat(code).isNotBlank();

        List<LoggedRequest> grants = CONSENT_SERVICE.findAll(postRequestedFor(urlEqualTo("/v1/me/consents")));
        assertThat(grants).hasSize(1);
        CONSENT_SERVICE.verify(1, postRequestedFor(urlEqualTo("/v1/me/consents"))
                .withHeader("Content-Type", equalTo("application/json"))
                .withRequestBody(matchingJsonPath("$.appId", equalTo(TOURISM)))
                .withRequestBody(matchingJsonPath("$.category", equalTo("vaccination-records")))
                .withRequestBody(matchingJsonPath("$.purpose", equalTo("personalisation")))
                .withRequestBody(matchingJsonPath("$.validUntil")));
        var until = java.util.regex.Pattern.compile("\"validUntil\"\\s*:\\s*\"([^\"]+)\"").matcher(grants.get(0).getBodyAsString());
        assertThat(until.find()).isTrue();
        Instant validUntil = java.time.OffsetDateTime.parse(until.group(1)).toInstant();
        assertThat(validUntil).isBetween(Instant.now().plus(Duration.ofDays(364)), Instant.now().plus(Duration.ofDays(366)));

        String bearer = grants.get(0).getHeader("Authorization");
        assertThat(bearer).startsWith("Bearer ");
        Jwt token = NimbusJwtDecoder.withJwkSource(signingKeys).build().decode(bearer.substring(7));
        assertThat(token.getSubject()).isEqualTo("RID-0001");
        assertThat(token.getAudience()).containsExactly("urn:tsunagu:consent-service");
        assertThat(token.getIssuer().toString()).isEqualTo(ISSUER);
        assertThat(token.getExpiresAt()).isBefore(Instant.now().plusSeconds(61));

        // the token response tells the app what the resident approved
        HttpResponse<String> tokens = browser.exchangeCode(TOURISM, "tourism-demo-secret", code, TOURISM_REDIRECT,
                verifier);
        assertThat(tokens.statusCode()).as(tokens.body()).isEqualTo(200);
        assertThat(List.of(http().json(tokens).get("scope").asString().split(" ")))
                .contains("openid", "category:vaccination-records").doesNotContain("category:resident-basic");
    }

    @Test
    void givenTwoCategoriesAsked_whenTheResidentRefusesAll_thenNothingIsRecordedAndTheAppGetsAccessDenied() {
        HubHttpClient browser = http();
        HttpResponse<String> page = consentPage(browser, BOTH, null);

        HttpResponse<String> back = decide(browser, page);

        assertThat(back.statusCode()).as(back.body()).isEqualTo(302);
        URI redirect = HubHttpClient.location(back);
        assertThat(redirect.toString()).startsWith(TOURISM_REDIRECT + "?");
        assertThat(HubHttpClient.queryParameter(redirect, "error")).isEqualTo("access_denied");
        assertThat(HubHttpClient.queryParameter(redirect, "iss")).isEqualTo(ISSUER);
        assertThat(redirect.getRawQuery()).doesNotContain("code=");
        CONSENT_SERVICE.verify(0, postRequestedFor(urlEqualTo("/v1/me/consents")));
    }

    @Test
    void givenConsentServiceFailsOnTheSecondGrant_whenApprovingBoth_thenTheFirstIsWithdrawnAgainNoCodeAndAClearPage() {
        CONSENT_SERVICE.stubFor(post(urlEqualTo("/v1/me/consents")).inScenario("flaky")
                .whenScenarioStateIs(Scenario.STARTED).willSetStateTo("down")
                .willReturn(aResponse().withStatus(201).withHeader("Content-Type", "application/json").withBody(GRANTED)));
        CONSENT_SERVICE.stubFor(post(urlEqualTo("/v1/me/consents")).inScenario("flaky")
                .whenScenarioStateIs("down").willReturn(aResponse().withStatus(503)));
        CONSENT_SERVICE.stubFor(post(urlEqualTo("/v1/me/consents/c-1/revoke")).willReturn(aResponse().withStatus(200)));
        HubHttpClient browser = http();
        HttpResponse<String> page = consentPage(browser, BOTH, null);

        HttpResponse<String> back = decide(browser, page, "category:vaccination-records", "category:resident-basic");

        assertThat(back.statusCode()).isEqualTo(302);
        URI where = HubHttpClient.location(back);
        assertThat(where.getPath()).isEqualTo("/consent/unavailable");
        HttpResponse<String> unavailable = browser.get(where.toString());
        assertThat(unavailable.statusCode()).isEqualTo(503);
        assertThat(unavailable.body()).contains("lang=\"ja\"", "アプリには何も渡していません").doesNotContain("Exception");
        CONSENT_SERVICE.verify(2, postRequestedFor(urlEqualTo("/v1/me/consents")));
        CONSENT_SERVICE.verify(1, postRequestedFor(urlEqualTo("/v1/me/consents/c-1/revoke")));
    }

    @Test
    void givenAnAppAskingForACategoryItDidNotDeclare_whenAuthorizing_thenInvalidScopeAtTheRedirectUri() {
        HubHttpClient.Authorization result = http().authorize("bandai-school-notice", "http://127.0.0.1:8766/callback",
                "openid category:vaccination-records", "taro", "Bandai-Taro-2026");

        URI redirect = HubHttpClient.location(result.finalResponse());
        assertThat(redirect.toString()).startsWith("http://127.0.0.1:8766/callback?");
        assertThat(HubHttpClient.queryParameter(redirect, "error")).isEqualTo("invalid_scope");
        CONSENT_SERVICE.verify(0, postRequestedFor(urlEqualTo("/v1/me/consents")));
    }

    @Test
    void givenDiscovery_thenCategoryScopesAreAdvertised() {
        JsonNode discovery = http().json(http().get("/.well-known/openid-configuration"));

        assertThat(discovery.get("scopes_supported").toString())
                .contains("category:vaccination-records", "category:resident-basic");
    }

}
