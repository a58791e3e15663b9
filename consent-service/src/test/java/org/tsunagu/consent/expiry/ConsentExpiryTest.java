package org.tsunagu.consent.expiry;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.tsunagu.consent.ledger.ConsentLedger;
import org.tsunagu.consent.support.ConsentServiceIntegrationTest;

import tools.jackson.databind.JsonNode;

/** Items past their validity become EXPIRED with a new version and a CONSENT_EXPIRED event. */
class ConsentExpiryTest extends ConsentServiceIntegrationTest {

    @Autowired
    ConsentLedger ledger;

    @Test
    void givenItemEndingInAnHour_whenExpiryRunsTwoHoursLater_thenExpiredVersion2AndExpiredEvent() {
        String resident = "RID-E-" + UUID.randomUUID();
        Instant validUntil = Instant.now().plus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS);
        String consentId = postJson("/v1/me/consents", tokenFor(resident),
                "{\"appId\":\"bandai-school-notice\",\"category\":\"resident-basic\",\"purpose\":\"notification\","
                        + "\"validUntil\":\"" + validUntil + "\"}").json().get("consentId").asString();

        var expired = ledger.expireEndedBy(Instant.now().plus(2, ChronoUnit.HOURS));

        assertThat(expired).anySatisfy(c -> assertThat(c.consentId()).isEqualTo(consentId));
        JsonNode item = get("/v1/me/consents/" + consentId, tokenFor(resident)).json();
        assertThat(item.get("status").asString()).isEqualTo("EXPIRED");
        assertThat(item.get("version").asInt()).isEqualTo(2);
        List<ConsumerRecord<String, String>> events = awaitEvents(keyIs(resident + "/" + consentId), 2);
        JsonNode last = JSON.readTree(events.get(1).value());
        assertThat(last.get("eventType").asString()).isEqualTo("CONSENT_EXPIRED");
        assertThat(last.get("consent").get("version").asInt()).isEqualTo(2);
        assertThat(last.get("consent").get("status").asString()).isEqualTo("EXPIRED");
    }

    @Test
    void givenExpiredItem_whenRevoking_thenUnchanged() {
        String resident = "RID-E-" + UUID.randomUUID();
        Instant validUntil = Instant.now().plus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS);
        String consentId = postJson("/v1/me/consents", tokenFor(resident),
                "{\"appId\":\"bandai-school-notice\",\"category\":\"resident-basic\",\"purpose\":\"notification\","
                        + "\"validUntil\":\"" + validUntil + "\"}").json().get("consentId").asString();
        ledger.expireEndedBy(Instant.now().plus(2, ChronoUnit.HOURS));

        Answer answer = revoke(resident, consentId);

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.json().get("status").asString()).isEqualTo("EXPIRED");
        assertThat(answer.json().get("version").asInt()).isEqualTo(2);
    }
}
