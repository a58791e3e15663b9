package org.tsunagu.gateway.protection;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.tsunagu.gateway.GatewayTestSupport;

/** Per-app rate limits and body size limits, as problems. */
class ProtectionTest extends GatewayTestSupport {

    @Test
    void givenAnAppOverItsRate_whenItCallsAgain_then429RateLimitedWithRetryAfter() {
        String token = tokenFor(LIMITED_APP);
        List<Answer> answers = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            answers.add(call("GET", "/v1/subscriptions", null, Map.of("Authorization", "Bearer " + token)));
        }

        Answer limited = answers.stream().filter(a -> a.status() == 429).findFirst().orElseThrow();
        assertThat(limited.header("Retry-After")).matches("[1-9][0-9]*");
        assertThat(limited.json().path("type").asString()).isEqualTo("urn:tsunagu:problem:rate-limited");
        assertThat(limited.header("X-Correlation-Id")).isNotBlank();
    }

    @Test
    void givenAnotherApp_whenTheLimitedAppIsThrottled_thenItIsNotAffected() {
        for (int i = 0; i < 4; i++) {
            call("GET", "/v1/subscriptions", null, Map.of("Authorization", "Bearer " + tokenFor(LIMITED_APP)));
        }

        Answer other = call("GET", "/v1/subscriptions", null, Map.of("Authorization", "Bearer " + tokenFor(APP_TWO)));

        assertThat(other.status()).isEqualTo(200);
    }

    @Test
    void givenABodyOverTheLimit_whenPosting_then413PayloadTooLarge() {
        String body = "{\"eventType\":\"vaccination-due\",\"url\":\"http://x/" + "a".repeat(20_000) + "\"}";

        Answer answer = call("POST", "/v1/subscriptions", body,
                Map.of("Authorization", "Bearer " + tokenFor(APP_ONE), "Content-Type", "application/json"));

        assertThat(answer.status()).isEqualTo(413);
        assertThat(answer.json().path("type").asString()).isEqualTo("urn:tsunagu:problem:payload-too-large");
    }

    @Test
    void givenASmallChunkedBody_asTheGeneratedSdkSendsIt_whenPosting_thenItIsAccepted() throws Exception {
        String body = "{\"eventType\":\"vaccination-due\",\"url\":\"https://app.example/hooks\"}";
        java.net.http.HttpResponse<String> answer = chunkedPost(body);

        assertThat(answer.statusCode()).as(answer.body()).isNotEqualTo(413).isLessThan(500);
    }

    @Test
    void givenAChunkedBodyOverTheLimit_whenPosting_then413PayloadTooLarge() throws Exception {
        String body = "{\"eventType\":\"vaccination-due\",\"url\":\"http://x/" + "a".repeat(20_000) + "\"}";
        java.net.http.HttpResponse<String> answer = chunkedPost(body);

        assertThat(answer.statusCode()).isEqualTo(413);
        assertThat(answer.body()).contains("urn:tsunagu:problem:payload-too-large");
    }

    /** java.net.http sends a body of unknown length chunked, like the RestClient SDK does. */
    private java.net.http.HttpResponse<String> chunkedPost(String body) throws Exception {
        byte[] bytes = body.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        return java.net.http.HttpClient.newBuilder().version(java.net.http.HttpClient.Version.HTTP_1_1).build()
                .send(java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://localhost:" + port + "/v1/subscriptions"))
                        .header("Authorization", "Bearer " + tokenFor(APP_ONE))
                        .header("Content-Type", "application/json")
                        .POST(java.net.http.HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(bytes)))
                        .build(), java.net.http.HttpResponse.BodyHandlers.ofString());
    }
}
