package org.tsunagu.audit.chain;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.tsunagu.audit.chain.EntryContent.Kind;

/** Reads and writes the chain's rows; appending goes through {@link ChainWriter} only. */
@Repository
public class ChainStore {

    private static final String COLUMNS = "seq, entry_id, kind, occurred_at, recorded_at, resident_id, app_id, "
            + "app_operator, category, purpose, consent_id, action, outcome, reason, correlation_id, prev_hash, hash";

    private static final String INSERT = "INSERT INTO audit_entry (" + COLUMNS
            + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

    private final JdbcClient jdbc;
    private final JdbcTemplate template;

    ChainStore(JdbcClient jdbc, JdbcTemplate template) {
        this.jdbc = jdbc;
        this.template = template;
    }

    /** Which of {@code entryIds} the chain already holds, in one query. */
    Set<String> existing(Collection<String> entryIds) {
        if (entryIds.isEmpty()) {
            return Set.of();
        }
        // One array parameter instead of an IN list: the same statement text for every batch size.
        return new HashSet<>(jdbc.sql("SELECT entry_id FROM audit_entry WHERE entry_id = ANY(?)")
                .param(entryIds.toArray(String[]::new)).query(String.class).list());
    }

    /** The newest entry, if the chain holds any. */
    /**
     * Locks the chain for appending until the current transaction ends: another instance's append
     * (same database) waits here, so each reads the head the other left.
     */
    public void lockForAppend() {
        jdbc.sql("SELECT id FROM audit_chain_lock WHERE id = 1 FOR UPDATE").query(Integer.class).single();
    }

    public Optional<ChainEntry> last() {
        return jdbc.sql("SELECT " + COLUMNS + " FROM audit_entry ORDER BY seq DESC LIMIT 1")
                .query(ChainStore::map).optional();
    }

    /** Inserts the entries as one JDBC batch (one statement, many parameter sets). */
    void insertAll(List<ChainEntry> entries) {
        if (entries.isEmpty()) {
            return;
        }
        template.batchUpdate(INSERT, entries, entries.size(), (p, e) -> {
            EntryContent c = e.content();
            p.setLong(1, e.sequence());
            p.setString(2, c.entryId());
            p.setString(3, c.kind().name());
            p.setObject(4, utc(c.occurredAt()));
            p.setObject(5, utc(e.recordedAt()));
            p.setString(6, c.residentId());
            p.setString(7, c.appId());
            p.setString(8, c.appOperator());
            p.setString(9, c.category());
            p.setString(10, c.purpose());
            p.setString(11, c.consentId());
            p.setString(12, c.action());
            p.setString(13, c.outcome());
            p.setString(14, c.reason());
            p.setString(15, c.correlationId());
            p.setString(16, e.prevHash());
            p.setString(17, e.hash());
        });
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
