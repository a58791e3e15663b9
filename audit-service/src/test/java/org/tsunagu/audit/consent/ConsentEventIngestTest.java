package org.tsunagu.audit.consent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.tsunagu.audit.AuditSpringTest;
import org.tsunagu.audit.kafka.Topics;
import org.tsunagu.contracts.events.ConsentEvent;
import org.tsunagu.contracts.events.ConsentState;

class ConsentEventIngestTest extends AuditSpringTest {

    private static final Duration BOUND = Duration.ofSeconds(30);

    @Autowired
    private JdbcClient jdbc;

    private static ConsentEvent event(String residentId, String consentId, int version,
                                      ConsentEvent.EventTypeEnum type, ConsentState.StatusEnum status) {
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        ConsentState state = new ConsentState(consentId, version, residentId, "app-kenko", "vaccination-records",
                "service-provision", status, now.minusDays(1), now.plusDays(365));
        return new ConsentEvent(UUID.randomUUID(), type, now, state);
    }

    private void publish(ConsentEvent event) {
        String key = event.getConsent().getResidentId() + "/" + event.getConsent().getConsentId();
        send(Topics.CONSENT_EVENTS, key, JSON.writeValueAsString(event));
    }

    private long storedEvents(String consentId) {
        return jdbc.sql("SELECT COUNT(*) FROM audit_entry WHERE kind = 'CONSENT' AND consent_id = ?").param(consentId)
                .query(Long.class).single();
    }

    @Test
    void givenConsentEvents_whenIngested_thenEachStoredWithItsState() {
        String resident = "RID-" + UUID.randomUUID();
        String consentId = "C-" + UUID.randomUUID();
        ConsentEvent granted = event(resident, consentId, 1, ConsentEvent.EventTypeEnum.CONSENT_GRANTED,
                ConsentState.StatusEnum.ACTIVE);
        ConsentEvent revoked = event(resident, consentId, 2, ConsentEvent.EventTypeEnum.CONSENT_REVOKED,
                ConsentState.StatusEnum.REVOKED);

        publish(granted);
        publish(revoked);

        await().atMost(BOUND).until(() -> storedEvents(consentId) == 2);
        String status = jdbc.sql("SELECT outcome FROM audit_entry WHERE entry_id = ?")
                .param(revoked.getEventId().toString()).query(String.class).single();
        assertThat(status).isEqualTo("REVOKED");
    }

    @Test
    void givenSameEventTwiceAndPoison_whenIngested_thenStoredOnceAndLaterEventsArrive() {
        String resident = "RID-" + UUID.randomUUID();
        String consentId = "C-" + UUID.randomUUID();
        ConsentEvent twice = event(resident, consentId, 1, ConsentEvent.EventTypeEnum.CONSENT_GRANTED,
                ConsentState.StatusEnum.ACTIVE);
        ConsentEvent later = event(resident, consentId, 2, ConsentEvent.EventTypeEnum.CONSENT_EXPIRED,
                ConsentState.StatusEnum.EXPIRED);
        String key = resident + "/" + consentId;

        publish(twice);
        publish(twice);
        send(Topics.CONSENT_EVENTS, key, "{broken");
        send(Topics.CONSENT_EVENTS, key, null);
        publish(later);

        await().atMost(BOUND).until(() -> storedEvents(consentId) == 2);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM audit_entry WHERE entry_id = ?")
                .param(twice.getEventId().toString()).query(Long.class).single()).isEqualTo(1L);
    }
}
