package org.tsunagu.gateway.webhook;

import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Every webhook subscription, in memory, as the compacted topic
 * {@code tsunagu.webhook-subscriptions.v1} says (ADR 0047): by id, by event type, by app.
 * Readers take no lock; changes are applied one at a time (the loader's records and this
 * instance's own acknowledged writes). A change this instance wrote is applied at once, ahead
 * of the loader; the loader's older records for that id are then ignored until it reaches the
 * write's offset, so a subscription deleted here does not reappear while the loader catches up.
 */
public class SubscriptionDirectory {

    private static final Comparator<Subscription> OLDEST_FIRST = Comparator.comparing(Subscription::createdAt)
            .thenComparing(Subscription::id);

    private final Map<String, Subscription> byId = new ConcurrentHashMap<>();
    private final Map<String, Map<String, Subscription>> byEventType = new ConcurrentHashMap<>();
    private final Map<String, Map<String, Subscription>> byApp = new ConcurrentHashMap<>();
    /** id -> (partition, offset) of a write of this instance that the loader has not read yet. */
    private final Map<String, long[]> ahead = new HashMap<>();
    private volatile boolean caughtUp;

    public Optional<Subscription> byId(String id) {
        return Optional.ofNullable(byId.get(id));
    }

    /** The subscriptions to this event type, in no particular order. */
    public List<Subscription> byEventType(String eventType) {
        Map<String, Subscription> of = byEventType.get(eventType);
        return of == null ? List.of() : List.copyOf(of.values());
    }

    /** The app's subscriptions, oldest first. */
    public List<Subscription> byApp(String appId) {
        Map<String, Subscription> of = byApp.get(appId);
        return of == null ? List.of() : of.values().stream().sorted(OLDEST_FIRST).toList();
    }

    public int size() {
        return byId.size();
    }

    /** True once the topic has been read up to where it ended when this instance started. */
    public boolean isCaughtUp() {
        return caughtUp;
    }

    public void markCaughtUp() {
        caughtUp = true;
    }

    /**
     * A change this instance wrote and the broker acknowledged at (partition, offset):
     * {@code subscription} null means deleted.
     */
    public synchronized void written(String id, Subscription subscription, int partition, long offset) {
        ahead.put(id, new long[] { partition, offset });
        set(id, subscription);
    }

    /**
     * A record read from the topic: {@code subscription} null is a tombstone. Ignored when this
     * instance has already applied a later write of its own to the same id.
     */
    public synchronized void read(String id, Subscription subscription, int partition, long offset) {
        long[] own = ahead.get(id);
        if (own != null) {
            if (own[0] == partition && offset < own[1]) {
                return; // older than what this instance wrote and already applied
            }
            ahead.remove(id); // the loader has reached (or passed) the write
        }
        set(id, subscription);
    }

    private void set(String id, Subscription subscription) {
        Subscription old = subscription == null ? byId.remove(id) : byId.put(id, subscription);
        if (old != null) {
            unindex(byEventType, old.eventType(), id);
            unindex(byApp, old.appId(), id);
        }
        if (subscription != null) {
            byEventType.computeIfAbsent(subscription.eventType(), k -> new ConcurrentHashMap<>()).put(id, subscription);
            byApp.computeIfAbsent(subscription.appId(), k -> new ConcurrentHashMap<>()).put(id, subscription);
        }
    }

    private static void unindex(Map<String, Map<String, Subscription>> index, String key, String id) {
        index.computeIfPresent(key, (k, of) -> {
            of.remove(id);
            return of.isEmpty() ? null : of;
        });
    }
}
