package org.tsunagu.consent.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;
import org.tsunagu.consent.support.ConsentServiceIntegrationTest;

/** Every bad input gets its own 4xx problem and leaves the ledger exactly as it was. */
class GrantValidationTest extends ConsentServiceIntegrationTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '\'', textBlock = """
        unknown app           | {"appId":"no-such-app","category":"resident-basic","purpose":"notification"}                      | 422 | unknown-app
        category not declared | {"appId":"bandai-school-notice","category":"vaccination-records","purpose":"notification"}        | 422 | category-not-declared
        purpose not declared  | {"appId":"bandai-school-notice","category":"resident-basic","purpose":"personalisation"}          | 422 | purpose-not-declared
        validity in the past  | {"appId":"bandai-school-notice","category":"resident-basic","purpose":"notification","validUntil":"2020-01-01T00:00:00Z"} | 422 | invalid-validity
        malformed JSON        | {"appId":"bandai-school-notice",                                                                   | 400 | bad-request
        empty body            | ''                                                                                                 | 400 | bad-request
        unknown category      | {"appId":"bandai-school-notice","category":"tax-records","purpose":"notification"}                | 400 | bad-request
        unknown purpose       | {"appId":"bandai-school-notice","category":"resident-basic","purpose":"marketing"}                | 400 | bad-request
        missing purpose       | {"appId":"bandai-school-notice","category":"resident-basic"}                                       | 400 | bad-request
        missing appId         | {"category":"resident-basic","purpose":"notification"}                                             | 400 | bad-request
        unknown property      | {"appId":"bandai-school-notice","category":"resident-basic","purpose":"notification","extra":1}   | 400 | bad-request
        bad validUntil        | {"appId":"bandai-school-notice","category":"resident-basic","purpose":"notification","validUntil":"tomorrow"} | 400 | bad-request
        directory unreachable | {"appId":"directory-down-app","category":"resident-basic","purpose":"notification"}               | 503 | dependency-unavailable
        """)
    void givenBadGrant_whenPosting_thenProblemAndLedgerUnchanged(String name, String body, int status, String slug) {
        String resident = "RID-V-" + UUID.randomUUID();
        grant(resident, "aizu-vaccine-notebook", "resident-basic", "notification");
        List<Long> before = footprint(resident);

        Answer answer = postJson("/v1/me/consents", tokenFor(resident), body);

        assertProblem(answer, status, slug);
        assertThat(footprint(resident)).isEqualTo(before);
    }

    @Test
    void givenTooLongAppId_whenPosting_thenBadRequest() {
        String resident = "RID-V-" + UUID.randomUUID();
        String appId = "a".repeat(129);

        Answer answer = postJson("/v1/me/consents", tokenFor(resident),
                "{\"appId\":\"" + appId + "\",\"category\":\"resident-basic\",\"purpose\":\"notification\"}");

        assertProblem(answer, 400, "bad-request");
        assertThat(footprint(resident)).containsOnly(0L);
    }

    @Test
    void givenTooLongConsentId_whenGetting_thenBadRequest() {
        assertProblem(get("/v1/me/consents/" + "x".repeat(65), tokenFor("RID-V-1")), 400, "bad-request");
    }

    @Test
    void givenTextBody_whenPosting_thenUnsupportedMediaType() {
        Answer answer = call("POST", "/v1/me/consents", tokenFor("RID-V-2"), "text/plain", "hello", Map.of());

        assertProblem(answer, 415, "unsupported-media-type");
    }

    @Test
    void givenWrongMethod_whenCalling_thenMethodNotAllowed() {
        Answer answer = call("DELETE", "/v1/me/consents", tokenFor("RID-V-3"), null, null, Map.of());

        assertProblem(answer, 405, "method-not-allowed");
    }

    @Test
    void givenXmlOnlyAccept_whenListing_thenNotAcceptableProblem() {
        Answer answer = call("GET", "/v1/me/consents", tokenFor("RID-V-5"), null, null,
                Map.of("Accept", "application/xml"));

        assertProblem(answer, 406, "not-acceptable");
    }

    @Test
    void givenUnknownPath_whenCalling_thenNotFoundProblem() {
        assertProblem(get("/v1/nothing-here", tokenFor("RID-V-4")), 404, "not-found");
    }

    @Test
    void givenFutureValidUntil_whenGranting_thenItIsKept() {
        String resident = "RID-V-" + UUID.randomUUID();
        Instant until = Instant.parse("2030-04-01T00:00:00Z");

        Answer answer = postJson("/v1/me/consents", tokenFor(resident),
                "{\"appId\":\"bandai-school-notice\",\"category\":\"resident-basic\",\"purpose\":\"notification\","
                        + "\"validUntil\":\"2030-04-01T09:00:00+09:00\"}");

        assertThat(answer.status()).isEqualTo(201);
        assertThat(Instant.parse(answer.json().get("validUntil").asString().replace("+00:00", "Z")))
                .isEqualTo(until);
    }
}
