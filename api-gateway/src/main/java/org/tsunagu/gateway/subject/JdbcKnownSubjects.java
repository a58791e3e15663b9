package org.tsunagu.gateway.subject;

import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.jdbc.core.simple.JdbcClient;

/** {@link KnownSubjects} in the gateway's H2 database; each pair is written once per process. */
public class JdbcKnownSubjects implements KnownSubjects {

    private final JdbcClient jdbc;
    private final Set<String> written = ConcurrentHashMap.newKeySet();

    public JdbcKnownSubjects(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public void remember(String appId, String residentId, String sub) {
        if (written.add(appId + '\n' + residentId + '\n' + sub)) {
            jdbc.sql("merge into known_subject (app_id, resident_id, sub) key (app_id, resident_id) values (?, ?, ?)")
                    .params(appId, residentId, sub).update();
        }
    }

    @Override
    public Optional<String> subFor(String appId, String residentId) {
        return jdbc.sql("select sub from known_subject where app_id = ? and resident_id = ?")
                .params(appId, residentId).query(String.class).optional();
    }
}
