package org.tsunagu.gateway.subject;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/** A small LRU cache with an optional time to live; only successful look-ups are kept. */
final class BoundedCache<K, V> {

    private record Entry<V>(V value, Instant expiresAt) {
    }

    private final Map<K, Entry<V>> entries;
    private final Duration ttl;
    private final Clock clock;

    BoundedCache(int maxSize, Duration ttl, Clock clock) {
        this.ttl = ttl;
        this.clock = clock;
        this.entries = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<K, Entry<V>> eldest) {
                return size() > maxSize;
            }
        };
    }

    V get(K key, Function<K, V> loader) {
        Instant now = clock.instant();
        Entry<V> entry = live(key, now);
        if (entry != null) {
            return entry.value();
        }
        V value = loader.apply(key);
        put(key, value, now); // its time to live counts from the look-up
        return value;
    }

    /** The cached value, if there is one in force; never loads. */
    V peek(K key) {
        Entry<V> entry = live(key, clock.instant());
        return entry == null ? null : entry.value();
    }

    void put(K key, V value) {
        put(key, value, clock.instant());
    }

    private void put(K key, V value, Instant now) {
        synchronized (entries) {
            entries.put(key, new Entry<>(value, ttl == null ? null : now.plus(ttl)));
        }
    }

    /** The entry for {@code key} if it has not expired, else null. */
    private Entry<V> live(K key, Instant now) {
        synchronized (entries) {
            Entry<V> entry = entries.get(key);
            return entry != null && (entry.expiresAt() == null || now.isBefore(entry.expiresAt())) ? entry : null;
        }
    }
}
