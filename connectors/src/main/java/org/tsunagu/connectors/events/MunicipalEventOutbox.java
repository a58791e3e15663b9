package org.tsunagu.connectors.events;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Supplier;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;
import org.tsunagu.contracts.events.MunicipalEvent;

import tools.jackson.databind.json.JsonMapper;

/** The connectors' transactional outbox of canonical municipal events (table {@code municipal_event_outbox}). */
public class MunicipalEventOutbox {

    /** One stored event, in publish order. */
    public record Entry(long seq, UUID eventId, String residentId, String payload) {
    }

    private final JdbcClient jdbc;
    private final JsonMapper json;
    private final Clock clock;
    private final TransactionTemplate transaction;
    private final TransactionTemplate savepoint;

    public MunicipalEventOutbox(JdbcClient jdbc, JsonMapper json, Clock clock, TransactionTemplate transaction) {
        this.jdbc = jdbc;
        this.json = json;
        this.clock = clock;
        this.transaction = transaction;
        this.savepoint = new TransactionTemplate(Objects.requireNonNull(transaction.getTransactionManager()));
        this.savepoint.setPropagationBehavior(TransactionDefinition.PROPAGATION_NESTED);
    }

    /**
     * Runs one relay batch (read, publish, mark) in one transaction holding the row lock of
     * {@code municipal_event_relay_lock}: a relay of another instance on this database waits, then
     * reads what this batch left unpublished, so no event goes out twice (ADR 0050).
     */
    public <T> T exclusively(Supplier<T> batch) {
        return transaction.execute(status -> {
            jdbc.sql("SELECT id FROM municipal_event_relay_lock WHERE id = 1 FOR UPDATE").query(Integer.class)
                    .single();
            return batch.get();
        });
    }

    /**
     * Stores the event unless one with its id is already there; returns whether it was new. Safe in
     * the caller's transaction too: the insert runs under a savepoint, so when a concurrent
     * transaction stored the same event first, only the insert is rolled back. PostgreSQL would
     * otherwise abort the caller's whole transaction on the unique violation.
     */
    public boolean append(MunicipalEvent event) {
        try {
            return Boolean.TRUE.equals(savepoint.execute(status -> insertUnlessStored(event)));
        } catch (DuplicateKeyException e) {
            return false; // the same notice, stored concurrently (and committed: the database waited for it)
        }
    }

    private boolean insertUnlessStored(MunicipalEvent event) {
        return jdbc.sql("""
                        INSERT INTO municipal_event_outbox (event_id, resident_id, payload, created_at)
                        SELECT ?, ?, ?, ? WHERE NOT EXISTS
                          (SELECT 1 FROM municipal_event_outbox WHERE event_id = ?)""")
                .params(event.getEventId(), event.getResidentId(), json.writeValueAsString(event),
                        OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC), event.getEventId())
                .update() == 1;
    }

    public List<Entry> pending(int limit) {
        return jdbc.sql("""
                        SELECT seq, event_id, resident_id, payload FROM municipal_event_outbox
                        WHERE published_at IS NULL ORDER BY seq LIMIT ?""")
                .param(limit)
                .query((rs, n) -> new Entry(rs.getLong(1), rs.getObject(2, UUID.class), rs.getString(3),
                        rs.getString(4)))
                .list();
    }


    /**
     * Marks exactly these entries as published, in one statement (not a range of seq: an entry with a
     * lower seq may commit after a higher one was read, and must not be marked unsent).
     */
    public void markPublished(List<Long> seqs) {
        jdbc.sql("UPDATE municipal_event_outbox SET published_at = ? WHERE seq = ANY(?)")
                .params(OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC), seqs.toArray(Long[]::new))
                .update();
    }

    public MunicipalEvent read(Entry entry) {
        return json.readValue(entry.payload(), MunicipalEvent.class);
    }
}
