package org.tsunagu.gateway.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;

class WebhookSignerTest {

    @Test
    void givenTheStandardWebhooksTestVector_whenSigning_thenTheSpecsSignature() {
        String signature = WebhookSigner.sign("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "msg_p5jXN8AQM9LWM0D4loKWxJek",
                1614265330L, "{\"test\": 2432232314}");

        assertThat(signature).isEqualTo("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
    }

    @Test
    void givenANewSecret_whenCreated_thenWhsecPrefixedAndRandom() {
        assertThat(WebhookSigner.newSecret()).startsWith("whsec_").isNotEqualTo(WebhookSigner.newSecret());
    }

    @Test
    void givenRetries_whenBackingOff_thenExponentialWithJitterAndCapped() {
        DeliveryPolicy policy = new DeliveryPolicy(8, Duration.ofSeconds(1), Duration.ofSeconds(10), Duration.ofSeconds(5));

        assertThat(policy.backoffAfter(1)).isBetween(Duration.ofMillis(500), Duration.ofSeconds(1));
        assertThat(policy.backoffAfter(3)).isBetween(Duration.ofSeconds(2), Duration.ofSeconds(4));
        assertThat(policy.backoffAfter(20)).isBetween(Duration.ofSeconds(5), Duration.ofSeconds(10));
    }
}
