package org.tsunagu.gateway.webhook;

import java.time.Instant;

/**
 * One event for one subscription. Its {@code id} is the {@code webhook-id} (the app's
 * idempotency key): the same on every attempt, re-drive and restart.
 */
public record Delivery(String id, String subscriptionId, String appId, String eventId, String eventType,
        String residentId, String category, String data, Instant occurredAt, Status status, int attempts,
        Instant nextAttemptAt, String lastError, Instant updatedAt) {

    /** Where a delivery stands. */
    public enum Status {
        /** Waiting for its next attempt. */
        PENDING,
        /** The app answered 2xx. */
        DELIVERED,
        /** Not sent: no consent at delivery time, no known subject, or the subscription is gone. */
        SKIPPED,
        /** Gave up after the last attempt; an operator may re-drive it. */
        DEAD
    }
}
