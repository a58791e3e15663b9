package org.tsunagu.consent.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.tsunagu.consent.support.ConsentServiceIntegrationTest;

/** Deny by default: anything but a valid RS256 consent-service token is a 401 problem; correlation ids flow. */
class TokenAndCorrelationTest extends ConsentServiceIntegrationTest {

    @Test
    void givenNoToken_whenListing_then401ProblemWithChallenge() {
        Answer answer = get("/v1/me/consents", null);

        assertProblem(answer, 401, "invalid-token");
        assertThat(answer.header("WWW-Authenticate")).startsWith("Bearer");
    }

    @Test
    void givenExpiredToken_whenListing_then401Problem() {
        String expired = token(c -> c.subject("RID-X")
                .issueTime(Date.from(Instant.now().minusSeconds(3600)))
                .notBeforeTime(Date.from(Instant.now().minusSeconds(3600)))
                .expirationTime(Date.from(Instant.now().minusSeconds(600))));

        assertProblem(get("/v1/me/consents", expired), 401, "invalid-token");
    }

    @Test
    void givenTokenForAnotherAudience_whenListing_then401Problem() {
        String gatewayToken = token(c -> c.subject("RID-X").audience(List.of("urn:tsunagu:api-gateway")));

        assertProblem(get("/v1/me/consents", gatewayToken), 401, "invalid-token");
    }

    @Test
    void givenTokenFromAnotherIssuer_whenListing_then401Problem() {
        String foreign = token(c -> c.subject("RID-X").issuer("http://evil.example"));

        assertProblem(get("/v1/me/consents", foreign), 401, "invalid-token");
    }

    @Test
    void givenTokenSignedWithAnotherKey_whenListing_then401Problem() {
        String forged = sign(claims(c -> c.subject("RID-X")), rsaKey(SIGNING_KEY.getKeyID()));

        assertProblem(get("/v1/me/consents", forged), 401, "invalid-token");
    }

    @Test
    void givenHs256Token_whenListing_then401Problem() {
        assertProblem(get("/v1/me/consents", signHs256(claims(c -> c.subject("RID-X")))), 401, "invalid-token");
    }

    @Test
    void givenGarbageToken_whenGranting_then401Problem() {
        assertProblem(postJson("/v1/me/consents", "not.a.jwt", "{}"), 401, "invalid-token");
    }

    @Test
    void givenNoToken_whenCallingUnknownPath_then401NotAHint() {
        assertProblem(get("/v1/whatever", null), 401, "invalid-token");
    }

    @Test
    void givenNoToken_whenAskingHealth_thenUp() {
        Answer answer = get("/actuator/health", null);

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.json().get("status").asString()).isEqualTo("UP");
    }

    @Test
    void givenValidCorrelationId_whenCalling_thenEchoedOnResponseAndProblem() {
        Answer answer = call("GET", "/v1/me/consents", null, null, null, Map.of("X-Correlation-Id", "abc-123.X_y"));

        assertThat(answer.header("X-Correlation-Id")).isEqualTo("abc-123.X_y");
        assertThat(answer.json().get("correlationId").asString()).isEqualTo("abc-123.X_y");
    }

    @Test
    void givenMalformedCorrelationId_whenCalling_thenReplacedByAFreshOne() {
        Answer answer = call("GET", "/v1/me/consents", tokenFor("RID-C"), null, null,
                Map.of("X-Correlation-Id", "bad id <script>"));

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.header("X-Correlation-Id")).isNotBlank().doesNotContain("script");
    }
}
