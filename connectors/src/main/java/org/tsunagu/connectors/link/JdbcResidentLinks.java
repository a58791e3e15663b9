package org.tsunagu.connectors.link;

import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Resident links kept in the {@code resident_link} table. */
@Repository
class JdbcResidentLinks implements ResidentLinks {

    private final JdbcClient jdbc;

    JdbcResidentLinks(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public Optional<String> municipalKey(String residentId, String system) {
        return jdbc.sql("SELECT municipal_key FROM resident_link WHERE resident_id = ? AND system = ?")
                .params(residentId, system)
                .query(String.class)
                .optional();
    }

    @Override
    public Optional<String> residentId(String system, String municipalKey) {
        return jdbc.sql("SELECT resident_id FROM resident_link WHERE system = ? AND municipal_key = ?")
                .params(system, municipalKey)
                .query(String.class)
                .optional();
    }

    boolean isEmpty() {
        return jdbc.sql("SELECT COUNT(*) FROM resident_link").query(Long.class).single() == 0L;
    }

    void insertAll(List<ResidentLink> links) {
        for (ResidentLink link : links) {
            jdbc.sql("INSERT INTO resident_link (resident_id, system, municipal_key) VALUES (?, ?, ?)")
                    .params(link.residentId(), link.system(), link.municipalKey())
                    .update();
        }
    }
}
