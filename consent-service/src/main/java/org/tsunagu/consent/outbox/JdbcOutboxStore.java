package org.tsunagu.consent.outbox;

import java.time.Clock;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.stereotype.Repository;

/** The {@code consent_outbox} table. */
@Repository
class JdbcOutboxStore implements OutboxStore {

    private final JdbcClient jdbc;
    private final Clock clock;
    private final TransactionTemplate transaction;

    JdbcOutboxStore(JdbcClient jdbc, Clock clock, TransactionTemplate transaction) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.transaction = transaction;
    }

    /**
     * One transaction holding the row lock of {@code consent_outbox_lock}: a relay in another
     * instance on this database waits, then reads what this batch left unpublished (ADR 0050).
     */
    @Override
    public <T> T exclusively(Supplier<T> batch) {
        return transaction.execute(status -> {
            jdbc.sql("SELECT id FROM consent_outbox_lock WHERE id = 1 FOR UPDATE").query(Integer.class).single();
            return batch.get();
        });
    }

    long append(UUID eventId, String residentId, String consentId, String payload) {
        jdbc.sql("INSERT INTO consent_outbox (event_id, resident_id, consent_id, payload, created_at) "
                        + "VALUES (?,?,?,?,?)")
                .params(eventId, residentId, consentId, payload, clock.instant().atOffset(ZoneOffset.UTC))
                .update();
        return jdbc.sql("SELECT seq FROM consent_outbox WHERE event_id = ?").param(eventId)
                .query(Long.class).single();
    }

    @Override
    public List<OutboxEntry> nextUnpublished(int limit) {
        return jdbc.sql("SELECT seq, event_id, resident_id, consent_id, payload FROM consent_outbox "
                        + "WHERE published_at IS NULL ORDER BY seq LIMIT ?")
                .param(limit)
                .query((rs, row) -> new OutboxEntry(rs.getLong("seq"), rs.getObject("event_id", UUID.class),
                        rs.getString("resident_id"), rs.getString("consent_id"), rs.getString("payload")))
                .list();
    }

    @Override
    public void markPublished(long seq) {
        jdbc.sql("UPDATE consent_outbox SET published_at = ? WHERE seq = ?")
                .params(clock.instant().atOffset(ZoneOffset.UTC), seq)
                .update();
    }
}
