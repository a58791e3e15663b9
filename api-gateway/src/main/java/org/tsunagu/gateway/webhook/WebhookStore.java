package org.tsunagu.gateway.webhook;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.annotation.Transactional;
import org.tsunagu.contracts.events.WebhookDeadLetter;

/**
 * Unsettled webhook deliveries and known pairwise subs in the gateway's own H2 database.
 * Subscriptions are not here: they live in a compacted topic (ADR 0047).
 */
public class WebhookStore {

    /**
     * How an attempt ended: {@code status} null means pending again, due at {@code next}; a dead
     * delivery carries the dead letter to publish once this is stored.
     */
    public record Outcome(String id, Delivery.Status status, int attempts, String lastError, Instant next,
            Instant at, WebhookDeadLetter deadLetter) {

        static Outcome finished(String id, Delivery.Status status, int attempts, String lastError, Instant at) {
            return new Outcome(id, status, attempts, lastError, null, at, null);
        }

        static Outcome retry(String id, int attempts, String lastError, Instant next, Instant at) {
            return new Outcome(id, null, attempts, lastError, next, at, null);
        }

        /** The delivery's row as this outcome leaves it (pending again unless it has a final status). */
        Delivery applyTo(Delivery d) {
            return new Delivery(d.id(), d.subscriptionId(), d.appId(), d.eventId(), d.eventType(), d.residentId(),
                    d.category(), d.data(), d.occurredAt(), status == null ? Delivery.Status.PENDING : status,
                    attempts, next == null ? at : next, lastError, at);
        }
    }

    private final JdbcClient jdbc;

    public WebhookStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Stores deliveries as they stand (new ones, or as their first attempt left them), in one
     * transaction, skipping any whose (subscription, event) pair is already stored.
     */
    @Transactional
    public void insertAll(List<Delivery> deliveries) {
        for (Delivery d : deliveries) {
            jdbc.sql("insert into webhook_delivery (id, subscription_id, app_id, event_id, event_type, resident_id, "
                            + "category, data, occurred_at, status, attempts, next_attempt_at, last_error, updated_at) "
                            + "select ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ? from dual where not exists "
                            + "(select 1 from webhook_delivery where subscription_id = ? and event_id = ?)")
                    .params(d.id(), d.subscriptionId(), d.appId(), d.eventId(), d.eventType(), d.residentId(),
                            d.category(), d.data(), ts(d.occurredAt()), d.status().name(), d.attempts(),
                            ts(d.nextAttemptAt()), truncate(d.lastError()), ts(d.updatedAt()), d.subscriptionId(),
                            d.eventId())
                    .update();
        }
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

    public List<Delivery> due(Instant now, int limit) {
        // ordered like the index (status, next_attempt_at): H2 then reads it in order and stops at the
        // limit, instead of sorting every due row on each poll
        return jdbc.sql("select * from webhook_delivery where status = 'PENDING' and next_attempt_at <= ? "
                        + "order by status, next_attempt_at limit ?")
                .params(ts(now), limit).query(WebhookStore::delivery).list();
    }

    /** The earliest next attempt of any pending delivery, if there is one. */
    public Optional<Instant> nextDue() {
        return jdbc.sql("select next_attempt_at from webhook_delivery where status = 'PENDING' "
                        + "order by status, next_attempt_at limit 1")
                .query((rs, n) -> rs.getTimestamp(1)).optional().filter(t -> t != null).map(Timestamp::toInstant);
    }

    /** Stores the outcomes of several attempts in one transaction. */
    @Transactional
    public void store(List<Outcome> outcomes) {
        for (Outcome o : outcomes) {
            if (o.status() == null) {
                retryAt(o.id(), o.attempts(), o.lastError(), o.next(), o.at());
            } else {
                finish(o.id(), o.status(), o.attempts(), o.lastError(), o.at());
            }
        }
    }

    private void finish(String id, Delivery.Status status, int attempts, String lastError, Instant now) {
        jdbc.sql("update webhook_delivery set status = ?, attempts = ?, last_error = ?, updated_at = ? where id = ?")
                .params(status.name(), attempts, truncate(lastError), ts(now), id).update();
    }

    private void retryAt(String id, int attempts, String lastError, Instant next, Instant now) {
        jdbc.sql("update webhook_delivery set attempts = ?, last_error = ?, next_attempt_at = ?, updated_at = ? "
                        + "where id = ?")
                .params(attempts, truncate(lastError), ts(next), ts(now), id).update();
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

    private static Delivery delivery(java.sql.ResultSet rs, int n) throws java.sql.SQLException {
        return new Delivery(rs.getString("id"), rs.getString("subscription_id"), rs.getString("app_id"),
                rs.getString("event_id"), rs.getString("event_type"), rs.getString("resident_id"),
                rs.getString("category"), rs.getString("data"), rs.getTimestamp("occurred_at").toInstant(),
                Delivery.Status.valueOf(rs.getString("status")), rs.getInt("attempts"),
                rs.getTimestamp("next_attempt_at").toInstant(), rs.getString("last_error"),
                rs.getTimestamp("updated_at").toInstant());
    }

    private static Timestamp ts(Instant instant) {
        return Timestamp.from(instant);
    }

    private static String truncate(String s) {
        return s == null || s.length() <= 500 ? s : s.substring(0, 500);
    }
}
