package org.tsunagu.gateway.subject;

import java.time.Clock;
import java.util.Optional;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * {@link KnownSubjects} in the gateway's database (its own H2, or one that several instances
 * share, H2 or PostgreSQL: the statements run on both), with the most recently used pairs also
 * in memory (a pairwise sub never changes, so a cached pair never goes stale): a webhook
 * delivery or a read of a known pair costs no query, and each pair is written once per process.
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
            try {
                // standard MERGE (H2 2.x and PostgreSQL alike); the select with casts, not VALUES, so
                // PostgreSQL knows the parameters' types
                jdbc.sql("merge into known_subject t using (select cast(? as varchar(128)) as app_id, "
                                + "cast(? as varchar(128)) as resident_id, cast(? as varchar(256)) as sub) s "
                                + "on t.app_id = s.app_id and t.resident_id = s.resident_id "
                                + "when matched and t.sub <> s.sub then update set sub = s.sub "
                                + "when not matched then insert (app_id, resident_id, sub) "
                                + "values (s.app_id, s.resident_id, s.sub)")
                        .params(appId, residentId, sub).update();
            } catch (DuplicateKeyException e) {
                // another gateway instance sharing the database inserted the pair at the same moment (a
                // MERGE does not wait for that); a pairwise sub never changes, so it stored this one. The
                // statement ran on its own (no transaction here), so nothing else was undone with it.
            }
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
