package org.tsunagu.audit.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.Date;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.tsunagu.audit.AuditSpringTest;
import org.tsunagu.audit.TestTokens;

import tools.jackson.databind.JsonNode;

class MyAccessLogProblemTest extends AuditSpringTest {

    private static final String PATH = "/v1/me/access-log";
    private static final String RESIDENT = "RID-0001";

    static void assertProblem(HttpResponse<String> response, int status, String type) {
        assertThat(response.statusCode()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                contentType -> assertThat(contentType).startsWith("application/problem+json"));
        JsonNode body = json(response);
        assertThat(body.path("type").asString()).isEqualTo(type);
        assertThat(body.path("status").asInt()).isEqualTo(status);
        assertThat(body.path("title").asString()).isNotBlank();
        assertThat(response.body()).doesNotContain("Exception", "\tat ", "trace");
    }

    @Test
    void givenNoToken_whenLogRead_then401InvalidToken() {
        HttpResponse<String> response = httpGet(PATH, null);

        assertProblem(response, 401, "urn:tsunagu:problem:invalid-token");
        assertThat(response.headers().firstValue("WWW-Authenticate")).isPresent();
    }

    @Test
    void givenAppTokenForTheGateway_whenLogRead_then401InvalidToken() {
        String appToken = TestTokens.resident(issuer(), "pairwise-sub", claims -> claims
                .audience(List.of("urn:tsunagu:api-gateway"))
                .claim("client_id", "app-kenko"));

        assertProblem(httpGet(PATH, appToken), 401, "urn:tsunagu:problem:invalid-token");
    }

    @Test
    void givenExpiredToken_whenLogRead_then401InvalidToken() {
        String token = TestTokens.resident(issuer(), RESIDENT, claims -> claims
                .issueTime(Date.from(Instant.now().minusSeconds(7200)))
                .expirationTime(Date.from(Instant.now().minusSeconds(3600))));

        assertProblem(httpGet(PATH, token), 401, "urn:tsunagu:problem:invalid-token");
    }

    @Test
    void givenTokenWithBadSignature_whenLogRead_then401InvalidToken() {
        assertProblem(httpGet(PATH, TestTokens.signedByStranger(issuer(), RESIDENT)), 401,
                "urn:tsunagu:problem:invalid-token");
    }

    @Test
    void givenTokenFromAnotherIssuer_whenLogRead_then401InvalidToken() {
        String token = TestTokens.resident(issuer(), RESIDENT, claims -> claims.issuer("http://evil.example"));

        assertProblem(httpGet(PATH, token), 401, "urn:tsunagu:problem:invalid-token");
    }

    @Test
    void givenLimitOutOfRange_whenLogRead_then400BadRequest() {
        String token = TestTokens.resident(issuer(), RESIDENT);

        assertProblem(httpGet(PATH + "?limit=0", token), 400, "urn:tsunagu:problem:bad-request");
        assertProblem(httpGet(PATH + "?limit=501", token), 400, "urn:tsunagu:problem:bad-request");
        assertProblem(httpGet(PATH + "?limit=abc", token), 400, "urn:tsunagu:problem:bad-request");
    }

    @Test
    void givenLimitAtTheBounds_whenLogRead_then200() {
        String token = TestTokens.resident(issuer(), RESIDENT);

        assertThat(httpGet(PATH + "?limit=1", token).statusCode()).isEqualTo(200);
        assertThat(httpGet(PATH + "?limit=500", token).statusCode()).isEqualTo(200);
    }

    @Test
    void givenUnknownPath_whenCalled_then404Problem() {
        assertProblem(httpGet("/v1/nothing", TestTokens.resident(issuer(), RESIDENT)), 404,
                "urn:tsunagu:problem:not-found");
    }

    @Test
    void givenWrongMethod_whenCalled_then405Problem() {
        assertProblem(call("DELETE", PATH, TestTokens.resident(issuer(), RESIDENT)), 405,
                "urn:tsunagu:problem:method-not-allowed");
    }

    @Test
    void givenNoToken_whenHealthChecked_thenUp() {
        HttpResponse<String> response = httpGet("/actuator/health", null);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(json(response).path("status").asString()).isEqualTo("UP");
    }
}
