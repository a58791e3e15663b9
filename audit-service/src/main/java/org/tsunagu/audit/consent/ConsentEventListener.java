package org.tsunagu.audit.consent;

import java.util.List;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;
import org.tsunagu.audit.appdirectory.AppDirectory;
import org.tsunagu.audit.chain.EntryContent;
import org.tsunagu.audit.kafka.PollAppender;
import org.tsunagu.audit.kafka.Topics;
import org.tsunagu.contracts.events.ConsentEvent;
import org.tsunagu.contracts.events.ConsentState;

/** Appends consent-service's consent events to the audit chain, each event id once, one poll per transaction. */
@Component
class ConsentEventListener {

    private final PollAppender chain;
    private final AppDirectory apps;

    ConsentEventListener(PollAppender chain, AppDirectory apps) {
        this.chain = chain;
        this.apps = apps;
    }

    @KafkaListener(id = "audit-consent-events", topics = Topics.CONSENT_EVENTS, groupId = Topics.GROUP_ID,
            containerFactory = "consentEventListenerFactory")
    void onConsentEvents(List<ConsumerRecord<String, ConsentEvent>> poll) {
        chain.append(poll, this::toEntry, "consent event");
    }

    /** The chain content of {@code event}; null if it is incomplete (or a compaction tombstone). */
    private EntryContent toEntry(ConsentEvent event) {
        if (!isComplete(event)) {
            return null;
        }
        ConsentState c = event.getConsent();
        return new EntryContent(event.getEventId().toString(), EntryContent.Kind.CONSENT,
                event.getOccurredAt().toInstant(), c.getResidentId(), c.getAppId(),
                apps.operatorOf(c.getAppId()).orElse(null), c.getCategory(), c.getPurpose(), c.getConsentId(),
                event.getEventType().getValue(), c.getStatus().getValue(), "version " + c.getVersion(), null);
    }

    private static boolean isComplete(ConsentEvent e) {
        if (e == null || e.getEventId() == null || e.getEventType() == null || e.getOccurredAt() == null
                || e.getConsent() == null) {
            return false;
        }
        ConsentState c = e.getConsent();
        return c.getConsentId() != null && c.getVersion() != null && c.getResidentId() != null
                && c.getAppId() != null && c.getCategory() != null && c.getPurpose() != null
                && c.getStatus() != null && c.getValidFrom() != null;
    }
}
