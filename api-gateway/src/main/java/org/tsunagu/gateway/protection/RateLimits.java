package org.tsunagu.gateway.protection;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;

/**
 * One token bucket per app (Bucket4j, in memory, per gateway instance): {@code capacity}
 * requests at once, refilled greedily at {@code perSecond}. Apps named in {@code overrides}
 * get their own per-second rate (capacity = that rate).
 */
public class RateLimits {

    /** The outcome for one request: allowed, or refused with the wait until a token is free. */
    public record Verdict(boolean allowed, long retryAfterSeconds) {
    }

    private final long perSecond;
    private final long capacity;
    private final Map<String, Long> overrides;
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

    public RateLimits(long perSecond, long capacity, Map<String, Long> overrides) {
        this.perSecond = perSecond;
        this.capacity = capacity;
        this.overrides = Map.copyOf(overrides);
    }

    public Verdict tryConsume(String appId) {
        ConsumptionProbe probe = buckets.computeIfAbsent(appId, this::newBucket).tryConsumeAndReturnRemaining(1);
        if (probe.isConsumed()) {
            return new Verdict(true, 0);
        }
        long nanos = probe.getNanosToWaitForRefill();
        return new Verdict(false, Math.max(1, (nanos + 999_999_999L) / 1_000_000_000L));
    }

    private Bucket newBucket(String appId) {
        Long own = overrides.get(appId);
        long rate = own != null ? own : perSecond;
        long size = own != null ? own : capacity;
        return Bucket.builder()
                .addLimit(Bandwidth.builder().capacity(size).refillGreedy(rate, Duration.ofSeconds(1)).build())
                .build();
    }
}
