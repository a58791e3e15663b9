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
        synchronized (entries) {
            Entry<V> entry = entries.get(key);
            if (entry != null && (entry.expiresAt() == null || now.isBefore(entry.expiresAt()))) {
                return entry.value();
            }
        }
        V value = loader.apply(key);
        synchronized (entries) {
            entries.put(key, new Entry<>(value, ttl == null ? null : now.plus(ttl)));
        }
        return value;
    }

    /** The cached value, if there is one in force; never loads. */
    V peek(K key) {
        Instant now = clock.instant();
        synchronized (entries) {
            Entry<V> entry = entries.get(key);
            return entry != null && (entry.expiresAt() == null || now.isBefore(entry.expiresAt())) ? entry.value() : null;
        }
    }

    void put(K key, V value) {
        Instant now = clock.instant();
        synchronized (entries) {
            entries.put(key, new Entry<>(value, ttl == null ? null : now.plus(ttl)));
        }
    }
}
