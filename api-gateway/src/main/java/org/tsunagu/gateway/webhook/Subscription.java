package org.tsunagu.gateway.webhook;

import java.time.Instant;

/** One app's subscription to one event type, delivered to {@code url}, signed with {@code secret}. */
public record Subscription(String id, String appId, String eventType, String url, String purpose, String secret,
        Instant createdAt) {
}
