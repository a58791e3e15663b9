package org.tsunagu.audit.consent;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;
import org.tsunagu.audit.appdirectory.AppDirectory;
import org.tsunagu.audit.chain.ChainWriter;
import org.tsunagu.audit.chain.EntryContent;
import org.tsunagu.audit.kafka.Topics;
import org.tsunagu.contracts.events.ConsentEvent;
import org.tsunagu.contracts.events.ConsentState;

/** Appends consent-service's consent events to the audit chain, each event id once. */
@Component
class ConsentEventListener {

    private static final Logger log = LoggerFactory.getLogger(ConsentEventListener.class);

    private final ChainWriter chain;
    private final AppDirectory apps;

    ConsentEventListener(ChainWriter chain, AppDirectory apps) {
        this.chain = chain;
        this.apps = apps;
    }

    @KafkaListener(id = "audit-consent-events", topics = Topics.CONSENT_EVENTS, groupId = Topics.GROUP_ID,
            containerFactory = "consentEventListenerFactory")
    void onConsentEvent(ConsumerRecord<String, ConsentEvent> message) {
        ConsentEvent event = message.value();
        if (!isComplete(event)) {
            // Also covers compaction tombstones (null values).
            log.warn("Skipping incomplete consent event at {}-{}@{}", message.topic(), message.partition(),
                    message.offset());
            return;
        }
        ConsentState c = event.getConsent();
        EntryContent content = new EntryContent(event.getEventId().toString(), EntryContent.Kind.CONSENT,
                event.getOccurredAt().toInstant(), c.getResidentId(), c.getAppId(),
                apps.operatorOf(c.getAppId()).orElse(null), c.getCategory(), c.getPurpose(), c.getConsentId(),
                event.getEventType().getValue(), c.getStatus().getValue(), "version " + c.getVersion(), null);
        if (chain.append(content).isEmpty()) {
            log.debug("Consent event {} already in the chain", event.getEventId());
        }
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
