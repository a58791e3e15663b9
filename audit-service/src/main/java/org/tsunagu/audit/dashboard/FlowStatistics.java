package org.tsunagu.audit.dashboard;

import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Aggregates of the chain's access entries for the operator dashboard: counts only, never a resident or a value. */
@Repository
class FlowStatistics {

    /** Days are the residents' days. */
    static final ZoneId JAPAN = ZoneId.of("Asia/Tokyo");

    private final JdbcClient jdbc;

    FlowStatistics(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Access decisions per (category, app, outcome). */
    record FlowCount(String category, String appId, String outcome, long count) {
    }

    /** Access decisions per (day in Japan, app, outcome). */
    record DailyCount(LocalDate day, String appId, String outcome, long count) {
    }

    /** Denials per reason. */
    record ReasonCount(String reason, long count) {
    }

    /** A failed webhook delivery (no resident id: operators see flows, not people). */
    record DeliveryFailure(String occurredAt, String appId, String category, String reason) {
    }

    List<FlowCount> flows() {
        return jdbc.sql("""
                SELECT category, app_id, outcome, COUNT(*) AS n FROM audit_entry WHERE kind = 'ACCESS'
                GROUP BY category, app_id, outcome ORDER BY category, app_id, outcome
                """)
                .query((rs, row) -> new FlowCount(rs.getString(1), rs.getString(2), rs.getString(3), rs.getLong(4)))
                .list();
    }

    List<DailyCount> daily(LocalDate firstDay) {
        return jdbc.sql("""
                SELECT SUBSTRING(CAST(occurred_at AT TIME ZONE 'Asia/Tokyo' AS VARCHAR) FROM 1 FOR 10) AS d,
                       app_id, outcome, COUNT(*)
                FROM audit_entry WHERE kind = 'ACCESS' AND occurred_at >= ?
                GROUP BY d, app_id, outcome ORDER BY d
                """)
                .param(firstDay.atStartOfDay(JAPAN).toOffsetDateTime().withOffsetSameInstant(ZoneOffset.UTC))
                .query((rs, row) -> new DailyCount(LocalDate.parse(rs.getString(1)), rs.getString(2),
                        rs.getString(3), rs.getLong(4)))
                .list();
    }

    List<ReasonCount> topDenialReasons(int limit) {
        return jdbc.sql("""
                SELECT reason, COUNT(*) AS n FROM audit_entry WHERE kind = 'ACCESS' AND outcome = 'DENIED'
                GROUP BY reason ORDER BY n DESC, reason LIMIT ?
                """)
                .param(limit)
                .query((rs, row) -> new ReasonCount(rs.getString(1), rs.getLong(2))).list();
    }

    List<DeliveryFailure> deliveryFailures(int limit) {
        return jdbc.sql("""
                SELECT occurred_at, app_id, category, reason FROM audit_entry
                WHERE kind = 'ACCESS' AND action = 'WEBHOOK_DELIVERY' AND outcome <> 'ALLOWED'
                ORDER BY occurred_at DESC LIMIT ?
                """)
                .param(limit)
                .query((rs, row) -> new DeliveryFailure(
                        rs.getObject(1, java.time.OffsetDateTime.class).atZoneSameInstant(JAPAN).toLocalDateTime()
                                .withNano(0).toString().replace('T', ' '),
                        rs.getString(2), rs.getString(3), rs.getString(4)))
                .list();
    }
}
