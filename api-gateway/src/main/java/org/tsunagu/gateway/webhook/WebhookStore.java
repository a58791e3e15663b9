package org.tsunagu.gateway.webhook;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.annotation.Transactional;
import org.tsunagu.contracts.events.WebhookDeadLetter;

/**
 * Unsettled webhook deliveries in the gateway's database: its own H2, or one database that
 * several gateway instances share. Subscriptions are not here: they live in a compacted topic
 * (ADR 0047).
 *
 * <p>Sharing is safe because no instance attempts a stored delivery before it has {@link #claim
 * claimed} it: one compare-and-set update that succeeds for one instance only, and pushes the
 * row's {@code next_attempt_at} to the end of a lease. Until then no instance finds the row due;
 * should the claiming instance die, the row is due again once the lease is over and is attempted
 * again under the same webhook-id (at least once, the same idempotency key). An attempt's
 * {@link Outcome} is stored only if the row still stands as that attempt found it (same status,
 * attempts and next attempt): an outcome that comes after the row was claimed again, settled or
 * re-driven is dropped, so a stale outcome never overwrites a newer state.
 *
 * <p>Every statement is plain SQL that runs unchanged on H2 2.x (its regular mode) and
 * PostgreSQL; times are bound as {@link OffsetDateTime} in UTC, cut to microseconds (what both
 * store), so a time read back compares equal to the one written.
 */
public class WebhookStore {

    /**
     * How an attempt of the delivery {@code of} ended: {@code status} null means pending again,
     * due at {@code next}; a dead delivery carries the dead letter to publish once this is stored.
     * {@code of} is the row as the attempt found it (as claimed, or as stored in flight): the
     * outcome is stored only if the row still stands so.
     */
    public record Outcome(Delivery of, Delivery.Status status, int attempts, String lastError, Instant next,
            Instant at, WebhookDeadLetter deadLetter) {

        static Outcome finished(Delivery of, Delivery.Status status, int attempts, String lastError, Instant at) {
            return new Outcome(of, status, attempts, lastError, null, at, null);
        }

        static Outcome retry(Delivery of, int attempts, String lastError, Instant next, Instant at) {
            return new Outcome(of, null, attempts, lastError, next, at, null);
        }

        public String id() {
            return of.id();
        }

        /** The delivery's row as this outcome leaves it (pending again unless it has a final status). */
        Delivery row() {
            return new Delivery(of.id(), of.subscriptionId(), of.appId(), of.eventId(), of.eventType(),
                    of.residentId(), of.category(), of.data(), of.occurredAt(),
                    status == null ? Delivery.Status.PENDING : status, attempts, next == null ? at : next,
                    lastError, at);
        }
    }

    private final JdbcClient jdbc;

    public WebhookStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Stores deliveries as they stand (new ones, or as their first attempt left them), in one
     * transaction, skipping any whose (subscription, event) pair is already stored; returns the
     * ids of those it stored. Two instances inserting the same pair at the same moment: the later
     * one fails with a duplicate key (and, on PostgreSQL, its whole transaction with it), so the
     * caller may call this once more, when the pair is seen stored and skipped.
     */
    @Transactional
    public Set<String> insertAll(List<Delivery> deliveries) {
        Set<String> inserted = new HashSet<>();
        for (Delivery d : deliveries) {
            // no FROM: H2's "from dual" is not PostgreSQL's; the casts because PostgreSQL types an
            // unknown parameter in a select list as text, which goes into neither an int nor a timestamp
            int n = jdbc.sql("insert into webhook_delivery (id, subscription_id, app_id, event_id, event_type, "
                            + "resident_id, category, data, occurred_at, status, attempts, next_attempt_at, "
                            + "last_error, updated_at) "
                            + "select ?, ?, ?, ?, ?, ?, ?, ?, cast(? as timestamp with time zone), ?, cast(? as int), "
                            + "cast(? as timestamp with time zone), ?, cast(? as timestamp with time zone) "
                            + "where not exists (select 1 from webhook_delivery where subscription_id = ? "
                            + "and event_id = ?)")
                    .params(d.id(), d.subscriptionId(), d.appId(), d.eventId(), d.eventType(), d.residentId(),
                            d.category(), d.data(), ts(d.occurredAt()), d.status().name(), d.attempts(),
                            ts(d.nextAttemptAt()), truncate(d.lastError()), ts(d.updatedAt()), d.subscriptionId(),
                            d.eventId())
                    .update();
            if (n == 1) {
                inserted.add(d.id());
            }
        }
        return inserted;
    }

    /** Which of these delivery ids are stored already (a replayed event's deliveries). */
    public Set<String> existing(List<String> ids) {
        if (ids.isEmpty()) {
            return Set.of();
        }
        // one array parameter, not an IN list: the same statement text (parsed once) for every poll size
        return new HashSet<>(jdbc.sql("select id from webhook_delivery where id = any(?)")
                .param(ids.toArray(String[]::new)).query(String.class).list());
    }

    /** Deletes delivered and skipped deliveries last changed before {@code before}; how many. */
    public int purgeFinished(Instant before) {
        return jdbc.sql("delete from webhook_delivery where status in ('DELIVERED', 'SKIPPED') and updated_at < ?")
                .param(ts(before)).update();
    }

    /**
     * Pending deliveries due at {@code now}, earliest first. Only a list of candidates: attempt
     * one only once {@link #claim} has claimed it.
     */
    public List<Delivery> due(Instant now, int limit) {
        // ordered like the index (status, next_attempt_at): the database then reads it in order and stops
        // at the limit, instead of sorting every due row on each poll
        return jdbc.sql("select * from webhook_delivery where status = 'PENDING' and next_attempt_at <= ? "
                        + "order by status, next_attempt_at limit ?")
                .params(ts(now), limit).query(WebhookStore::delivery).list();
    }

    /**
     * Claims a delivery found {@link #due} for one attempt by this instance, atomically in the
     * database: it succeeds only if the row still stands as {@code seen} (pending, the same
     * attempts and next attempt) and is due at {@code now}, so of several instances (or threads)
     * claiming the same row one succeeds. The claimed row is due again at {@code leaseUntil}: no
     * one else attempts it before, and if this instance never stores the attempt's outcome (it
     * died), it is attempted again after. Returns the row as claimed, which the outcome of the
     * attempt must be made {@link Outcome#of} (it is stored only if the row still stands so), or
     * empty if someone else claimed or settled it first.
     */
    public Optional<Delivery> claim(Delivery seen, Instant now, Instant leaseUntil) {
        Instant at = micros(now);
        Instant until = micros(leaseUntil);
        int claimed = jdbc.sql("update webhook_delivery set next_attempt_at = ?, updated_at = ? where id = ? "
                        + "and status = 'PENDING' and attempts = ? and next_attempt_at = ? and next_attempt_at <= ?")
                .params(ts(until), ts(at), seen.id(), seen.attempts(), ts(seen.nextAttemptAt()), ts(at)).update();
        return claimed == 1 ? Optional.of(new Delivery(seen.id(), seen.subscriptionId(), seen.appId(), seen.eventId(),
                seen.eventType(), seen.residentId(), seen.category(), seen.data(), seen.occurredAt(),
                Delivery.Status.PENDING, seen.attempts(), until, seen.lastError(), at)) : Optional.empty();
    }

    /** The earliest next attempt of any pending delivery, if there is one. */
    public Optional<Instant> nextDue() {
        return jdbc.sql("select next_attempt_at from webhook_delivery where status = 'PENDING' "
                        + "order by status, next_attempt_at limit 1")
                .query((rs, n) -> instant(rs, "next_attempt_at")).optional();
    }

    /**
     * Stores the outcomes of several attempts in one transaction, each only if its row still
     * stands as the attempt found it ({@link Outcome#of}); returns those stored. One not stored
     * is stale: the row was claimed again (this attempt outlived its lease), settled or re-driven
     * meanwhile, and its newer state stays.
     */
    @Transactional
    public List<Outcome> store(List<Outcome> outcomes) {
        List<Outcome> stored = new ArrayList<>(outcomes.size());
        for (Outcome o : outcomes) {
            Delivery row = o.row();
            int n = jdbc.sql("update webhook_delivery set status = ?, attempts = ?, last_error = ?, "
                            + "next_attempt_at = ?, updated_at = ? "
                            + "where id = ? and status = 'PENDING' and attempts = ? and next_attempt_at = ?")
                    .params(row.status().name(), row.attempts(), truncate(row.lastError()), ts(row.nextAttemptAt()),
                            ts(row.updatedAt()), o.id(), o.of().attempts(), ts(o.of().nextAttemptAt()))
                    .update();
            if (n == 1) {
                stored.add(o);
            }
        }
        return stored;
    }

    public List<Delivery> deadLetters(int limit) {
        return jdbc.sql("select * from webhook_delivery where status = 'DEAD' order by updated_at desc limit ?")
                .param(limit).query(WebhookStore::delivery).list();
    }

    /** Puts a dead delivery back in the queue, due now, attempts reset; false if it is not dead. */
    @Transactional
    public boolean redrive(String id, Instant now) {
        return jdbc.sql("update webhook_delivery set status = 'PENDING', attempts = 0, next_attempt_at = ?, "
                        + "updated_at = ? where id = ? and status = 'DEAD'")
                .params(ts(now), ts(now), id).update() == 1;
    }

    public Optional<Delivery> delivery(String id) {
        return jdbc.sql("select * from webhook_delivery where id = ?").param(id).query(WebhookStore::delivery)
                .optional();
    }

    private static Delivery delivery(ResultSet rs, int n) throws SQLException {
        return new Delivery(rs.getString("id"), rs.getString("subscription_id"), rs.getString("app_id"),
                rs.getString("event_id"), rs.getString("event_type"), rs.getString("resident_id"),
                rs.getString("category"), rs.getString("data"), instant(rs, "occurred_at"),
                Delivery.Status.valueOf(rs.getString("status")), rs.getInt("attempts"),
                instant(rs, "next_attempt_at"), rs.getString("last_error"), instant(rs, "updated_at"));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        return rs.getObject(column, OffsetDateTime.class).toInstant();
    }

    /** A time as both databases store it (microseconds), zone-free, so what is written reads back equal. */
    private static OffsetDateTime ts(Instant instant) {
        return OffsetDateTime.ofInstant(micros(instant), ZoneOffset.UTC);
    }

    private static Instant micros(Instant instant) {
        return instant.truncatedTo(ChronoUnit.MICROS);
    }

    private static String truncate(String s) {
        return s == null || s.length() <= 500 ? s : s.substring(0, 500);
    }
}
