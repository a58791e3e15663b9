package org.tsunagu.gateway.webhook;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * When to try again: exponential backoff ({@code base × 2^(attempt-1)}, capped) with jitter
 * (a random 50–100 % of it, so retries of many deliveries do not arrive together), and how
 * many attempts before the dead-letter topic.
 */
public record DeliveryPolicy(int maxAttempts, Duration baseBackoff, Duration maxBackoff, Duration timeout) {

    public Duration backoffAfter(int attempts) {
        long base = baseBackoff.toMillis() << Math.min(30, Math.max(0, attempts - 1));
        long capped = Math.min(base, maxBackoff.toMillis());
        return Duration.ofMillis(capped / 2 + ThreadLocalRandom.current().nextLong(capped / 2 + 1));
    }
}
