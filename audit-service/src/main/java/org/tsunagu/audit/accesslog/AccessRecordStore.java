package org.tsunagu.audit.accesslog;

import java.time.OffsetDateTime;
import java.util.List;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.tsunagu.api.audit.model.AccessLogEntry;
import org.tsunagu.contracts.events.AccessRecord;

/** The audit log's copy of the gateway's access records, one row per record id. */
@Repository
public class AccessRecordStore {

    private final JdbcClient jdbc;

    AccessRecordStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Stores the record unless its id is already stored; true if it was new. */
    public boolean storeIfAbsent(AccessRecord r) {
        try {
            jdbc.sql("""
                    INSERT INTO access_record (record_id, occurred_at, correlation_id, resident_id, app_id, subject,
                        category, purpose, decision, reason, consent_id, channel)
                    SELECT ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?
                    WHERE NOT EXISTS (SELECT 1 FROM access_record WHERE record_id = ?)
                    """)
                    .params(r.getRecordId().toString(), r.getOccurredAt(), r.getCorrelationId(), r.getResidentId(),
                            r.getAppId(), r.getSubject(), r.getCategory(), r.getPurpose(), r.getDecision().getValue(),
                            r.getReason(), r.getConsentId(), r.getChannel().getValue(), r.getRecordId().toString())
                    .update();
            return true;
        } catch (DuplicateKeyException raceWithAnotherConsumer) {
            return false;
        }
    }

    /** The resident's records, newest first, at most {@code limit}. */
    public List<AccessLogEntry> newestFor(String residentId, int limit) {
        return jdbc.sql("""
                SELECT record_id, occurred_at, app_id, category, purpose, decision, reason, consent_id, correlation_id
                FROM access_record WHERE resident_id = ?
                ORDER BY occurred_at DESC, record_id DESC
                LIMIT ?
                """)
                .params(residentId, limit)
                .query((rs, row) -> new AccessLogEntry(
                                rs.getString("record_id"),
                                rs.getObject("occurred_at", OffsetDateTime.class),
                                rs.getString("app_id"),
                                rs.getString("category"),
                                AccessLogEntry.DecisionEnum.fromValue(rs.getString("decision")),
                                rs.getString("reason"))
                        .purpose(rs.getString("purpose"))
                        .consentId(rs.getString("consent_id"))
                        .correlationId(rs.getString("correlation_id")))
                .list();
    }
}
