package org.tsunagu.gateway.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Date;
import java.util.Map;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;

import org.junit.jupiter.api.Test;
import org.tsunagu.gateway.GatewayTestSupport;

/** Every refusal is problem+json with a correlation id: bad tokens, unknown paths, wrong methods. */
class ProblemAndTokenTest extends GatewayTestSupport {

    private static final String VACCINATION = "vaccination-records";

    private void assertInvalidToken(String token) {
        Answer answer = read(token, "some-sub", VACCINATION, Map.of());

        assertThat(answer.status()).isEqualTo(401);
        assertThat(answer.header("Content-Type")).startsWith("application/problem+json");
        assertThat(answer.header("WWW-Authenticate")).startsWith("Bearer");
        assertThat(answer.problemType()).isEqualTo("urn:tsunagu:problem:invalid-token");
        assertThat(answer.json().path("status").asInt()).isEqualTo(401);
        assertThat(answer.json().path("correlationId").asString()).isEqualTo(answer.header("X-Correlation-Id"));
    }

    @Test
    void givenNoToken_whenReading_thenInvalidToken() {
        assertInvalidToken(null);
    }

    @Test
    void givenGarbageToken_whenReading_thenInvalidToken() {
        assertInvalidToken("not-a-jwt");
    }

    @Test
    void givenExpiredToken_whenReading_thenInvalidToken() {
        assertInvalidToken(token(APP_ONE, c -> c.issueTime(Date.from(Instant.now().minusSeconds(3600)))
                .expirationTime(Date.from(Instant.now().minusSeconds(600)))));
    }

    @Test
    void givenWrongAudience_whenReading_thenInvalidToken() {
        assertInvalidToken(token(APP_ONE, c -> c.audience("urn:tsunagu:consent-service")));
    }

    @Test
    void givenWrongIssuer_whenReading_thenInvalidToken() {
        assertInvalidToken(token(APP_ONE, c -> c.issuer("http://evil.example")));
    }

    @Test
    void givenNoClientId_whenReading_thenInvalidToken() {
        assertInvalidToken(token(APP_ONE, c -> c.claim("client_id", null)));
    }

    @Test
    void givenTokenSignedByAnotherKey_whenReading_thenInvalidToken() {
        assertInvalidToken(sign(claims(APP_ONE).build(), rsaKey(SIGNING_KEY.getKeyID())));
    }

    @Test
    void givenUnsignedAlgNoneToken_whenReading_thenInvalidToken() {
        assertInvalidToken(new PlainJWT(claims(APP_ONE).build()).serialize());
    }

    @Test
    void givenHs256Token_whenReading_thenInvalidToken() throws Exception {
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims(APP_ONE).build());
        jwt.sign(new MACSigner("0123456789abcdef0123456789abcdef".getBytes()));
        assertInvalidToken(jwt.serialize());
    }

    @Test
    void givenUnknownPath_whenCalledWithAToken_thenNotFoundProblem() {
        Answer answer = call("GET", "/v1/nothing-here", null, Map.of("Authorization", "Bearer " + tokenFor(APP_ONE)));

        assertThat(answer.status()).isEqualTo(404);
        assertThat(answer.problemType()).isEqualTo("urn:tsunagu:problem:not-found");
        assertThat(answer.header("X-Correlation-Id")).isNotBlank();
    }

    @Test
    void givenWrongMethod_whenCalled_thenMethodNotAllowedProblem() {
        Answer answer = call("POST", "/v1/residents/some-sub/" + VACCINATION, "{}",
                Map.of("Authorization", "Bearer " + tokenFor(APP_ONE), "Content-Type", "application/json"));

        assertThat(answer.status()).isEqualTo(405);
        assertThat(answer.problemType()).isEqualTo("urn:tsunagu:problem:method-not-allowed");
    }

    @Test
    void givenUnacceptableAccept_whenReading_thenNotAcceptableProblem() {
        Answer answer = read(tokenFor(APP_ONE), "some-sub", VACCINATION, Map.of("Accept", "text/html"));

        assertThat(answer.status()).isEqualTo(406);
        assertThat(answer.problemType()).isEqualTo("urn:tsunagu:problem:not-acceptable");
    }

    @Test
    void givenOverlongSub_whenReading_thenBadRequestProblem() {
        Answer answer = read(tokenFor(APP_ONE), "s".repeat(129), VACCINATION, Map.of());

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.problemType()).isEqualTo("urn:tsunagu:problem:bad-request");
        assertThat(answer.body()).doesNotContain("Exception", "at org.");
    }

    @Test
    void givenReadinessProbe_whenTheViewCaughtUp_thenUp() {
        Answer answer = call("GET", "/actuator/health/readiness", null, Map.of());

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.json().path("status").asString()).isEqualTo("UP");
    }
}
