package org.tsunagu.audit.chain;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/** Which entries a resident or an operator asks for; {@code null} members do not filter. */
public record EntryFilter(EntryContent.Kind kind, String residentId, String appId, String category,
                          String decision, Instant from, Instant to) {

    String toSql(List<Object> params) {
        List<String> clauses = new ArrayList<>();
        add(clauses, params, "kind = ?", kind == null ? null : kind.name());
        add(clauses, params, "resident_id = ?", residentId);
        add(clauses, params, "app_id = ?", appId);
        add(clauses, params, "category = ?", category);
        if (decision != null) {
            clauses.add("kind = 'ACCESS'");
        }
        add(clauses, params, "outcome = ?", decision);
        add(clauses, params, "occurred_at >= ?", from == null ? null : from.atOffset(ZoneOffset.UTC));
        add(clauses, params, "occurred_at < ?", to == null ? null : to.atOffset(ZoneOffset.UTC));
        return clauses.isEmpty() ? "" : " WHERE " + String.join(" AND ", clauses);
    }

    private static void add(List<String> clauses, List<Object> params, String clause, Object value) {
        if (value != null) {
            clauses.add(clause);
            params.add(value);
        }
    }

    public static Instant instant(OffsetDateTime time) {
        return time == null ? null : time.toInstant();
    }
}
