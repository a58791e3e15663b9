package org.tsunagu.connectors.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.tsunagu.connectors.web.QueryEndpointTest.assertProblem;

import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.Date;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.tsunagu.connectors.ConnectorsSpringTest;
import org.tsunagu.connectors.TestTokens;

class SecurityProblemTest extends ConnectorsSpringTest {

    private static final String PATH = "/v1/residents/RID-0001/vaccination-records";

    @Test
    void givenNoToken_whenQueried_then401InvalidToken() {
        HttpResponse<String> response = httpGet(PATH, null);

        assertProblem(response, 401, "urn:tsunagu:problem:invalid-token");
        assertThat(response.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(
                value -> assertThat(value).startsWith("Bearer"));
    }

    @Test
    void givenTokenForAnotherAudience_whenQueried_then401InvalidToken() {
        String token = TestTokens.gateway(issuer(), claims -> claims.audience(List.of("urn:tsunagu:api-gateway")));

        assertProblem(httpGet(PATH, token), 401, "urn:tsunagu:problem:invalid-token");
    }

    @Test
    void givenExpiredToken_whenQueried_then401InvalidToken() {
        String token = TestTokens.gateway(issuer(), claims -> claims
                .issueTime(Date.from(Instant.now().minusSeconds(7200)))
                .expirationTime(Date.from(Instant.now().minusSeconds(3600))));

        assertProblem(httpGet(PATH, token), 401, "urn:tsunagu:problem:invalid-token");
    }

    @Test
    void givenTokenFromAnotherIssuer_whenQueried_then401InvalidToken() {
        String token = TestTokens.gateway(issuer(), claims -> claims.issuer("http://evil.example"));

        assertProblem(httpGet(PATH, token), 401, "urn:tsunagu:problem:invalid-token");
    }

    @Test
    void givenTokenWithBadSignature_whenQueried_then401InvalidToken() {
        assertProblem(httpGet(PATH, TestTokens.signedByStranger(issuer())), 401, "urn:tsunagu:problem:invalid-token");
    }

    @Test
    void givenGarbageToken_whenQueried_then401InvalidToken() {
        assertProblem(httpGet(PATH, "not.a.jwt"), 401, "urn:tsunagu:problem:invalid-token");
    }

    @Test
    void givenTokenWithoutQueryScope_whenQueried_then403InsufficientScope() {
        String token = TestTokens.gateway(issuer(), claims -> claims.claim("scope", "pairwise.resolve"));

        assertProblem(httpGet(PATH, token), 403, "urn:tsunagu:problem:insufficient-scope");
    }

    @Test
    void givenNoToken_whenHealthChecked_thenUp() {
        HttpResponse<String> response = httpGet("/actuator/health", null);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(json(response).path("status").asString()).isEqualTo("UP");
    }
}
