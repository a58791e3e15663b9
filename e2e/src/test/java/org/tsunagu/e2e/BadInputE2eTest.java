package org.tsunagu.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.tsunagu.e2e.HubApis.assertProblem;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.OffsetDateTime;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.tsunagu.client.consent.model.ConsentGrantRequest;
import org.tsunagu.client.consent.model.DataCategory;
import org.tsunagu.client.consent.model.Purpose;

/**
 * Bad input anywhere on the consented-read path is a clear 4xx problem, never a 500 or
 * a stack trace, and changes nothing.
 */
@ExtendWith(RunningHub.class)
class BadInputE2eTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static String sub;
    private static String appToken;
    private static String portalToken;

    @BeforeAll
    static void tokens() {
        sub = RegionalId.app(Resident.HANAKO, DemoApp.TOURISM).subject();
        appToken = RegionalId.clientCredentials(DemoApp.TOURISM);
        portalToken = RegionalId.portal(Resident.HANAKO).accessToken();
    }

    @Test
    void givenAnUnknownCategory_thenNotFound() {
        assertProblem(() -> HubApis.gateway(appToken).readResidentCategory(sub, "tax-records", null, null),
                404, "unknown-category");
    }

    @Test
    void givenAnUnknownPurpose_thenBadRequest() {
        assertProblem(() -> HubApis.gateway(appToken).readResidentCategory(sub, "resident-basic", "marketing", null),
                400, "bad-request");
    }

    @Test
    void givenAPurposeTheAppDidNotDeclare_thenRefused() {
        assertProblem(() -> HubApis.gateway(appToken).readResidentCategory(sub, "resident-basic", "official-statistics", null),
                403, "purpose-not-declared");
    }

    @Test
    void givenAnOverlongSub_thenBadRequest() {
        assertProblem(() -> HubApis.gateway(appToken).readResidentCategory("x".repeat(300), "resident-basic", null, null),
                400, "bad-request");
    }

    @ParameterizedTest(name = "{0} {1} → {2}")
    @CsvSource(delimiter = '|', textBlock = """
            GET    | http://localhost:8080/v1/nothing-here                 | 404
            DELETE | http://localhost:8080/v1/residents/abc/resident-basic | 405
            GET    | http://localhost:9001/v1/me/consents/does-not-exist   | 404
            """)
    void givenAWrongPathOrMethod_thenAProblemNotAStackTrace(String method, String url, int status) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(url))
                .header("Authorization", "Bearer " + (url.contains(":9001") ? portalToken : appToken))
                .method(method, HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        assertThat(r.body()).doesNotContain("Exception", "\tat ");
    }

    @ParameterizedTest(name = "consent body {0} → {1}")
    @CsvSource(delimiter = '|', textBlock = """
            {not json                                                                                             | 400
            {"appId":"aizu-tourism","category":"vaccination-records"}                                             | 400
            {"appId":"aizu-tourism","category":"tax-records","purpose":"personalisation"}                         | 400
            {"appId":"aizu-tourism","category":"vaccination-records","purpose":"personalisation","extra":1}       | 400
            {"appId":"no-such-app","category":"vaccination-records","purpose":"personalisation"}                  | 422
            {"appId":"aizu-tourism","category":"vaccination-records","purpose":"official-statistics"}             | 422
            {"appId":"aizu-tourism","category":"vaccination-records","purpose":"personalisation","validUntil":"2001-01-01T00:00:00Z"} | 422
            """)
    void givenABadGrant_thenAProblem_andTheLedgerIsUnchanged(String body, int status) throws Exception {
        int before = HubApis.consent(portalToken).listMyConsents().getItems().size();
        HttpResponse<String> r = post("http://localhost:9001/v1/me/consents", body);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        assertThat(r.body()).doesNotContain("Exception", "\tat ");
        assertThat(HubApis.consent(portalToken).listMyConsents().getItems()).hasSize(before);
    }

    @Test
    void givenSomeoneElsesConsentId_thenNotFound_andItIsNotRevoked() {
        // Taro's seeded consent: Hanako must not see or withdraw it.
        String tarosToken = RegionalId.portal(Resident.TARO).accessToken();
        String tarosConsent = HubApis.consent(tarosToken).listMyConsents().getItems().get(0).getConsentId();
        assertProblem(() -> HubApis.consent(portalToken).revokeMyConsent(tarosConsent), 404, "not-found");
        assertProblem(() -> HubApis.consent(portalToken).getMyConsent(tarosConsent), 404, "not-found");
        assertThat(HubApis.consent(tarosToken).getMyConsent(tarosConsent).getStatus().getValue()).isEqualTo("ACTIVE");
    }

    @Test
    void givenAnAppTokenAtTheConsentApi_thenUnauthorized() {
        assertProblem(() -> HubApis.consent(appToken).grantConsent(new ConsentGrantRequest()
                .appId(DemoApp.TOURISM.clientId()).category(DataCategory.VACCINATION_RECORDS)
                .purpose(Purpose.PERSONALISATION).validUntil(OffsetDateTime.now().plusDays(1))), 401, "invalid-token");
    }

    @Test
    void givenAnAppTokenAtTheAuditApi_thenUnauthorized() {
        assertProblem(() -> HubApis.audit(appToken).readMyAccessLog(10), 401, "invalid-token");
    }

    private static HttpResponse<String> post(String url, String json) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url))
                .header("Authorization", "Bearer " + portalToken)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
