package org.tsunagu.audit.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.UUID;

import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The dashboard's timeline counts requests per day in Japan, whatever the database session's
 * time zone: 23:30 UTC is the next morning in Aizu. (The first portable rewrite of this query
 * cast to DATE, which H2 does in the session's zone, and put such a read on the day before.)
 */
class FlowStatisticsDayTest {

    @Test
    void givenReadsLateInTheUtcDay_thenTheyCountOnTheJapaneseDay() {
        JdbcDataSource db = new JdbcDataSource();
        db.setURL("jdbc:h2:mem:flow-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        Flyway.configure().dataSource(db).load().migrate();
        JdbcClient jdbc = JdbcClient.create(db);
        entry(jdbc, 1, "2026-11-21T14:30:00Z", "ALLOWED"); // 23:30 on the 21st in Japan
        entry(jdbc, 2, "2026-11-21T15:30:00Z", "ALLOWED"); // 00:30 on the 22nd
        entry(jdbc, 3, "2026-11-21T23:30:00Z", "DENIED");  // 08:30 on the 22nd

        var days = new FlowStatistics(jdbc).daily(LocalDate.of(2026, 11, 20));

        assertThat(days).extracting(FlowStatistics.DailyCount::day, FlowStatistics.DailyCount::outcome,
                        FlowStatistics.DailyCount::count)
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple(LocalDate.of(2026, 11, 21), "ALLOWED", 1L),
                        org.assertj.core.groups.Tuple.tuple(LocalDate.of(2026, 11, 22), "ALLOWED", 1L),
                        org.assertj.core.groups.Tuple.tuple(LocalDate.of(2026, 11, 22), "DENIED", 1L));
    }

    private static void entry(JdbcClient jdbc, long seq, String at, String outcome) {
        jdbc.sql("""
                INSERT INTO audit_entry (seq, entry_id, kind, occurred_at, recorded_at, resident_id, app_id,
                    category, action, outcome, reason, prev_hash, hash)
                VALUES (?, ?, 'ACCESS', ?, ?, 'R-1', 'aizu-tourism', 'resident-basic', 'READ', ?, 'consented', ?, ?)""")
                .params(seq, "e-" + seq, OffsetDateTime.parse(at), OffsetDateTime.parse(at), outcome,
                        "0".repeat(64), "0".repeat(64))
                .update();
    }
}
