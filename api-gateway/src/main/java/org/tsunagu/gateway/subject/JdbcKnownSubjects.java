package org.tsunagu.gateway.subject;

import java.time.Clock;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * {@link KnownSubjects} in the gateway's H2 database, with the most recently used pairs also in
 * memory (a pairwise sub never changes, so a cached pair never goes stale): a webhook delivery
 * or a read of a known pair costs no query, and each pair is written once per process.
 */
public class JdbcKnownSubjects implements KnownSubjects {

    static final int CACHED_PAIRS = 100_000;

    private final JdbcClient jdbc;
    private final BoundedCache<String, String> subs = new BoundedCache<>(CACHED_PAIRS, null, Clock.systemUTC());

    public JdbcKnownSubjects(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public void remember(String appId, String residentId, String sub) {
        String key = appId + '\n' + residentId;
        if (!sub.equals(subs.peek(key))) {
            jdbc.sql("merge into known_subject (app_id, resident_id, sub) key (app_id, resident_id) values (?, ?, ?)")
                    .params(appId, residentId, sub).update();
            subs.put(key, sub);
        }
    }

    @Override
    public Optional<String> subFor(String appId, String residentId) {
        String key = appId + '\n' + residentId;
        String cached = subs.peek(key);
        if (cached != null) {
            return Optional.of(cached);
        }
        Optional<String> stored = jdbc.sql("select sub from known_subject where app_id = ? and resident_id = ?")
                .params(appId, residentId).query(String.class).optional();
        stored.ifPresent(sub -> subs.put(key, sub));
        return stored;
    }
}
