package org.tsunagu.audit.consent;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.tsunagu.contracts.events.ConsentEvent;
import org.tsunagu.contracts.events.ConsentState;

/** The audit log's history of consent events, one row per event id. */
@Repository
class ConsentEventStore {

    private final JdbcClient jdbc;

    ConsentEventStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Stores the event unless its id is already stored; true if it was new. */
    boolean storeIfAbsent(ConsentEvent e) {
        ConsentState c = e.getConsent();
        try {
            jdbc.sql("""
                    INSERT INTO consent_event (event_id, event_type, occurred_at, consent_id, version, resident_id,
                        app_id, category, purpose, status, valid_from, valid_until)
                    SELECT ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?
                    WHERE NOT EXISTS (SELECT 1 FROM consent_event WHERE event_id = ?)
                    """)
                    .params(e.getEventId().toString(), e.getEventType().getValue(), e.getOccurredAt(),
                            c.getConsentId(), c.getVersion(), c.getResidentId(), c.getAppId(), c.getCategory(),
                            c.getPurpose(), c.getStatus().getValue(), c.getValidFrom(), c.getValidUntil(),
                            e.getEventId().toString())
                    .update();
            return true;
        } catch (DuplicateKeyException raceWithAnotherConsumer) {
            return false;
        }
    }
}
