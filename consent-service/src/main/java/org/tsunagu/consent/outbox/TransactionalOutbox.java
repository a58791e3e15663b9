package org.tsunagu.consent.outbox;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.UUID;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.tsunagu.consent.ledger.Consent;
import org.tsunagu.consent.ledger.ConsentChange;
import org.tsunagu.consent.ledger.ConsentChangeRecorder;
import org.tsunagu.contracts.events.ConsentEvent;
import org.tsunagu.contracts.events.ConsentState;

import tools.jackson.databind.json.JsonMapper;

/** Writes each ledger change as a {@link ConsentEvent} row in the ledger's own transaction. */
@Component
class TransactionalOutbox implements ConsentChangeRecorder {

    private final JdbcOutboxStore store;
    private final JsonMapper json;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    TransactionalOutbox(JdbcOutboxStore store, JsonMapper json, ApplicationEventPublisher events, Clock clock) {
        this.store = store;
        this.json = json;
        this.events = events;
        this.clock = clock;
    }

    @Override
    @Transactional(propagation = Propagation.MANDATORY)
    public void record(Consent consent, ConsentChange change) {
        ConsentEvent event = toEvent(consent, change, UUID.randomUUID(), clock.instant());
        long seq = store.append(event.getEventId(), consent.residentId(), consent.consentId(),
                json.writeValueAsString(event));
        events.publishEvent(new OutboxAppended(seq));
    }

    static ConsentEvent toEvent(Consent consent, ConsentChange change, UUID eventId, Instant occurredAt) {
        ConsentState state = new ConsentState(
                consent.consentId(),
                consent.version(),
                consent.residentId(),
                consent.appId(),
                consent.category(),
                consent.purpose(),
                ConsentState.StatusEnum.fromValue(consent.status().name()),
                consent.validFrom().atOffset(ZoneOffset.UTC),
                consent.validUntil().atOffset(ZoneOffset.UTC));
        return new ConsentEvent(eventId, eventType(change), occurredAt.atOffset(ZoneOffset.UTC), state);
    }

    private static ConsentEvent.EventTypeEnum eventType(ConsentChange change) {
        return switch (change) {
            case GRANTED -> ConsentEvent.EventTypeEnum.CONSENT_GRANTED;
            case REVOKED -> ConsentEvent.EventTypeEnum.CONSENT_REVOKED;
            case EXPIRED -> ConsentEvent.EventTypeEnum.CONSENT_EXPIRED;
        };
    }
}
