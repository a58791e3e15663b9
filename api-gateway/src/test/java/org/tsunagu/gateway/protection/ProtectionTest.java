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
}
