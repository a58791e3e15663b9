package org.tsunagu.gateway.webhook;

import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A subscription as the compacted topic holds it: its signing secret sealed by {@link SecretSeal}
 * (ADR 0049). {@code secret} is set only in records written before secrets were sealed; they are
 * still read, and sealed when the subscription is next written.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record SubscriptionRecord(String id, String appId, String eventType, String url, String purpose, String sealedSecret,
        String secret, Instant createdAt) {

    static SubscriptionRecord sealed(Subscription s, SecretSeal seal) {
        return new SubscriptionRecord(s.id(), s.appId(), s.eventType(), s.url(), s.purpose(),
                seal.seal(s.id(), s.secret()), null, s.createdAt());
    }

    /** The subscription with its secret opened; throws SecretSeal.Unopenable if the seal does not open. */
    Subscription open(SecretSeal seal) {
        String plain = sealedSecret != null ? seal.open(id, sealedSecret) : secret;
        return new Subscription(id, appId, eventType, url, purpose, plain, createdAt);
    }

    boolean isLegacyPlaintext() {
        return sealedSecret == null && secret != null;
    }
}
