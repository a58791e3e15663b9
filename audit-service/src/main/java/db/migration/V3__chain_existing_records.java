package db.migration;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;
import org.tsunagu.audit.chain.ChainEntry;
import org.tsunagu.audit.chain.EntryContent;
import org.tsunagu.audit.chain.EntryContent.Kind;

/**
 * Moves the records of the pre-chain log (V1 tables) into the hash chain, oldest first, and drops
 * the old tables, so a hub that ran before keeps its history and has one log.
 */
public class V3__chain_existing_records extends BaseJavaMigration {

    @Override
    public void migrate(Context context) throws SQLException {
        Connection c = context.getConnection();
        List<EntryContent> legacy = new ArrayList<>();
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT record_id, occurred_at, correlation_id, resident_id, app_id, "
                     + "category, purpose, decision, reason, consent_id, channel FROM access_record")) {
            while (rs.next()) {
                legacy.add(new EntryContent(rs.getString(1), Kind.ACCESS, instant(rs, 2), rs.getString(4),
                        rs.getString(5), null, rs.getString(6), rs.getString(7), rs.getString(10),
                        rs.getString(11), rs.getString(8), rs.getString(9), rs.getString(3)));
            }
        }
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT event_id, event_type, occurred_at, consent_id, version, "
                     + "resident_id, app_id, category, purpose, status, valid_from, valid_until FROM consent_event")) {
            while (rs.next()) {
                legacy.add(new EntryContent(rs.getString(1), Kind.CONSENT, instant(rs, 3), rs.getString(6),
                        rs.getString(7), null, rs.getString(8), rs.getString(9), rs.getString(4),
                        rs.getString(2), rs.getString(10),
                        "version " + rs.getInt(5), null));
            }
        }
        legacy.sort(Comparator.comparing(EntryContent::occurredAt).thenComparing(EntryContent::entryId));
        String prev = ChainEntry.GENESIS;
        long seq = 0;
        Instant now = Instant.now();
        try (PreparedStatement insert = c.prepareStatement(ChainSql.INSERT)) {
            for (EntryContent content : legacy) {
                ChainEntry entry = ChainEntry.link(++seq, now, content, prev);
                ChainSql.bind(insert, entry);
                insert.executeUpdate();
                prev = entry.hash();
            }
        }
        try (Statement s = c.createStatement()) {
            s.execute("DROP TABLE access_record");
            s.execute("DROP TABLE consent_event");
        }
    }

    private static Instant instant(ResultSet rs, int column) throws SQLException {
        return rs.getObject(column, OffsetDateTime.class).toInstant();
    }

    /** The insert statement shared with nothing else: migrations must not depend on evolving app code. */
    static final class ChainSql {
        static final String INSERT = "INSERT INTO audit_entry (seq, entry_id, kind, occurred_at, recorded_at, "
                + "resident_id, app_id, app_operator, category, purpose, consent_id, action, outcome, reason, "
                + "correlation_id, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

        static void bind(PreparedStatement p, ChainEntry e) throws SQLException {
            EntryContent c = e.content();
            p.setLong(1, e.sequence());
            p.setString(2, c.entryId());
            p.setString(3, c.kind().name());
            p.setObject(4, c.occurredAt().atOffset(ZoneOffset.UTC));
            p.setObject(5, e.recordedAt().atOffset(ZoneOffset.UTC));
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
        }
    }
}
