package org.tsunagu.id.consent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.tsunagu.id.oidc.NimbusClient.VACCINE;
import static org.tsunagu.id.oidc.NimbusClient.VACCINE_REDIRECT;
import static org.tsunagu.id.oidc.NimbusClient.VACCINE_SECRET;
import static org.tsunagu.id.oidc.NimbusClient.basic;

import java.net.URI;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.UUID;

import com.nimbusds.oauth2.sdk.RefreshTokenGrant;
import com.nimbusds.oauth2.sdk.token.RefreshToken;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.kafka.core.KafkaTemplate;
import org.tsunagu.contracts.events.ConsentEvent;
import org.tsunagu.contracts.events.ConsentState;
import org.tsunagu.id.IdServiceTestSupport;
import org.tsunagu.id.oidc.NimbusClient;
import tools.jackson.databind.json.JsonMapper;

/** A withdrawn consent ends that app's refresh tokens for that resident, and nothing else. */
class ConsentWithdrawalTest extends IdServiceTestSupport {

    private static final String SCHOOL = "bandai-school-notice";
    private static final URI SCHOOL_REDIRECT = URI.create("http://127.0.0.1:8766/callback");

    @Autowired
    KafkaTemplate<Object, Object> kafka;
    @Autowired
    JsonMapper json;

    private NimbusClient nimbus() {
        return new NimbusClient(port);
    }

    private RefreshToken login(String clientId, URI redirect, String secret) {
        NimbusClient.Authorized authorized = nimbus().authorize(clientId, redirect, "openid", "taro", "Bandai-Taro-2026");
        return NimbusClient.success(nimbus().exchange(authorized, redirect, basic(clientId, secret), null))
                .getTokens().getRefreshToken();
    }

    @Test
    void givenARevokedConsent_whenTheAppRefreshes_thenInvalidGrant_whileAnotherAppKeepsWorking() throws Exception {
        RefreshToken vaccine = login(VACCINE, VACCINE_REDIRECT, VACCINE_SECRET);
        RefreshToken school = login(SCHOOL, SCHOOL_REDIRECT, "school-notice-demo-secret");

        ConsentState consent = new ConsentState().consentId("c-" + UUID.randomUUID()).version(2).residentId("RID-0002")
                .appId(VACCINE).category("vaccination-records").purpose("service-provision")
                .status(ConsentState.StatusEnum.REVOKED)
                .validFrom(OffsetDateTime.now().minusDays(1)).validUntil(OffsetDateTime.now().plusDays(30));
        ConsentEvent event = new ConsentEvent(UUID.randomUUID(), ConsentEvent.EventTypeEnum.CONSENT_REVOKED,
                OffsetDateTime.now(), consent);
        kafka.send("tsunagu.consent-events.v1", "RID-0002/" + consent.getConsentId(), json.writeValueAsString(event)).get();

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(
                nimbus().token(new RefreshTokenGrant(vaccine), basic(VACCINE, VACCINE_SECRET), null).indicatesSuccess()).isFalse());
        assertThat(NimbusClient.errorCode(nimbus().token(new RefreshTokenGrant(vaccine), basic(VACCINE, VACCINE_SECRET), null)))
                .isEqualTo("invalid_grant");
        assertThat(nimbus().token(new RefreshTokenGrant(school), basic(SCHOOL, "school-notice-demo-secret"), null)
                .indicatesSuccess()).isTrue();
    }
}
