package org.tsunagu.audit.chain;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.tsunagu.audit.chain.EntryContent.Kind;

/** Reads and writes the chain's rows; appending goes through {@link ChainWriter} only. */
@Repository
public class ChainStore {

    private static final String COLUMNS = "seq, entry_id, kind, occurred_at, recorded_at, resident_id, app_id, "
            + "app_operator, category, purpose, consent_id, action, outcome, reason, correlation_id, prev_hash, hash";

    private final JdbcClient jdbc;

    ChainStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    boolean contains(String entryId) {
        return jdbc.sql("SELECT COUNT(*) FROM audit_entry WHERE entry_id = ?").param(entryId)
                .query(Long.class).single() > 0;
    }

    /** The newest entry, if the chain holds any. */
    public Optional<ChainEntry> last() {
        return jdbc.sql("SELECT " + COLUMNS + " FROM audit_entry ORDER BY seq DESC LIMIT 1")
                .query(ChainStore::map).optional();
    }

    void insert(ChainEntry e) {
        EntryContent c = e.content();
        jdbc.sql("INSERT INTO audit_entry (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
                .params(e.sequence(), c.entryId(), c.kind().name(), utc(c.occurredAt()), utc(e.recordedAt()),
                        c.residentId(), c.appId(), c.appOperator(), c.category(), c.purpose(), c.consentId(),
                        c.action(), c.outcome(), c.reason(), c.correlationId(), e.prevHash(), e.hash())
                .update();
    }

    /** Every entry in sequence order, streamed (the chain may be long). */
    public void forEachInOrder(Consumer<ChainEntry> consumer) {
        try (var rows = jdbc.sql("SELECT " + COLUMNS + " FROM audit_entry ORDER BY seq").query(ChainStore::map)
                .stream()) {
            rows.forEach(consumer);
        }
    }

    /** Entries matching {@code filter}, newest first, one page. */
    public List<ChainEntry> search(EntryFilter filter, int offset, int limit) {
        List<Object> params = new ArrayList<>();
        String where = filter.toSql(params);
        params.add(limit);
        params.add(offset);
        return jdbc.sql("SELECT " + COLUMNS + " FROM audit_entry" + where
                        + " ORDER BY occurred_at DESC, seq DESC LIMIT ? OFFSET ?")
                .params(params).query(ChainStore::map).list();
    }

    public long count(EntryFilter filter) {
        List<Object> params = new ArrayList<>();
        String where = filter.toSql(params);
        return jdbc.sql("SELECT COUNT(*) FROM audit_entry" + where).params(params).query(Long.class).single();
    }

    /** Deletes every entry up to and including {@code sequence}; returns how many. */
    public int deleteUpTo(long sequence) {
        return jdbc.sql("DELETE FROM audit_entry WHERE seq <= ?").param(sequence).update();
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }

    private static ChainEntry map(ResultSet rs, int row) throws SQLException {
        EntryContent content = new EntryContent(rs.getString("entry_id"), Kind.valueOf(rs.getString("kind")),
                rs.getObject("occurred_at", OffsetDateTime.class).toInstant(), rs.getString("resident_id"),
                rs.getString("app_id"), rs.getString("app_operator"), rs.getString("category"),
                rs.getString("purpose"), rs.getString("consent_id"), rs.getString("action"),
                rs.getString("outcome"), rs.getString("reason"), rs.getString("correlation_id"));
        return new ChainEntry(rs.getLong("seq"), rs.getObject("recorded_at", OffsetDateTime.class).toInstant(),
                content, rs.getString("prev_hash"), rs.getString("hash"));
    }
}
