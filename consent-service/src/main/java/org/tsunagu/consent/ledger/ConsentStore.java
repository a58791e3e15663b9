package org.tsunagu.consent.ledger;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** JDBC persistence of current consent items and their immutable version history. */
@Repository
class ConsentStore {

    private static final String COLUMNS = "consent_id, resident_id, app_id, category, purpose, status, version, "
            + "valid_from, valid_until, granted_at, revoked_at, updated_at";

    private final JdbcClient jdbc;

    ConsentStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    Optional<Consent> findOwned(String residentId, String consentId) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM consent_item WHERE consent_id = ? AND resident_id = ?")
                .params(consentId, residentId)
                .query(ConsentStore::map)
                .optional();
    }

    List<Consent> listByResident(String residentId) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM consent_item WHERE resident_id = ? "
                        + "ORDER BY granted_at DESC, consent_id DESC")
                .param(residentId)
                .query(ConsentStore::map)
                .list();
    }

    List<Consent> listByResidentAndApp(String residentId, String appId) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM consent_item WHERE resident_id = ? AND app_id = ? "
                        + "ORDER BY granted_at, consent_id")
                .params(residentId, appId)
                .query(ConsentStore::map)
                .list();
    }

    List<ConsentVersion> history(String residentId, String consentId) {
        return jdbc.sql("SELECT consent_id, version, resident_id, app_id, category, purpose, status, valid_from, "
                        + "valid_until, granted_at, revoked_at, changed_at, change FROM consent_item_version "
                        + "WHERE consent_id = ? AND resident_id = ? ORDER BY version")
                .params(consentId, residentId)
                .query((rs, row) -> new ConsentVersion(
                        new Consent(rs.getString("consent_id"), rs.getString("resident_id"), rs.getString("app_id"),
                                rs.getString("category"), rs.getString("purpose"),
                                ConsentStatus.valueOf(rs.getString("status")), rs.getInt("version"),
                                instant(rs, "valid_from"), instant(rs, "valid_until"), instant(rs, "granted_at"),
                                instant(rs, "revoked_at"), instant(rs, "changed_at")),
                        ConsentChange.valueOf(rs.getString("change"))))
                .list();
    }

    List<ConsentCount> counts() {
        return jdbc.sql("SELECT app_id, category, purpose, status, COUNT(*) AS n FROM consent_item "
                        + "GROUP BY app_id, category, purpose, status ORDER BY app_id, category, purpose, status")
                .query((rs, row) -> new ConsentCount(rs.getString("app_id"), rs.getString("category"),
                        rs.getString("purpose"), ConsentStatus.valueOf(rs.getString("status")), rs.getLong("n")))
                .list();
    }

    Optional<Consent> findActive(String scopeKey) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM consent_item WHERE active_key = ?")
                .param(scopeKey)
                .query(ConsentStore::map)
                .optional();
    }

    List<Consent> findActiveEndedBy(Instant now, int limit) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM consent_item WHERE status = 'ACTIVE' AND valid_until <= ? "
                        + "ORDER BY valid_until, consent_id LIMIT ?")
                .params(utc(now), limit)
                .query(ConsentStore::map)
                .list();
    }

    boolean isEmpty() {
        return jdbc.sql("SELECT COUNT(*) FROM consent_item").query(Long.class).single() == 0L;
    }

    /** Inserts a new item (version 1) and its first history row. */
    void insert(Consent consent, ConsentChange change) {
        jdbc.sql("INSERT INTO consent_item (" + COLUMNS + ", active_key) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)")
                .params(consent.consentId(), consent.residentId(), consent.appId(), consent.category(),
                        consent.purpose(), consent.status().name(), consent.version(), utc(consent.validFrom()),
                        utc(consent.validUntil()), utc(consent.grantedAt()), utc(consent.revokedAt()),
                        utc(consent.updatedAt()), activeKey(consent))
                .update();
        appendHistory(consent, change);
    }

    /**
     * Replaces the item's current row with its next version, only if nobody changed it meanwhile.
     *
     * @return false when the stored version was no longer {@code next.version() - 1}
     */
    boolean update(Consent next, ConsentChange change) {
        int rows = jdbc.sql("UPDATE consent_item SET status = ?, version = ?, revoked_at = ?, updated_at = ?, "
                        + "active_key = ? WHERE consent_id = ? AND version = ?")
                .params(next.status().name(), next.version(), utc(next.revokedAt()), utc(next.updatedAt()),
                        activeKey(next), next.consentId(), next.version() - 1)
                .update();
        if (rows == 1) {
            appendHistory(next, change);
        }
        return rows == 1;
    }

    private void appendHistory(Consent consent, ConsentChange change) {
        jdbc.sql("INSERT INTO consent_item_version (consent_id, version, resident_id, app_id, category, purpose, "
                        + "status, valid_from, valid_until, granted_at, revoked_at, changed_at, change) "
                        + "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)")
                .params(consent.consentId(), consent.version(), consent.residentId(), consent.appId(),
                        consent.category(), consent.purpose(), consent.status().name(), utc(consent.validFrom()),
                        utc(consent.validUntil()), utc(consent.grantedAt()), utc(consent.revokedAt()),
                        utc(consent.updatedAt()), change.name())
                .update();
    }

    private static @Nullable String activeKey(Consent consent) {
        return consent.isActive() ? consent.scopeKey() : null;
    }

    private static @Nullable OffsetDateTime utc(@Nullable Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }

    private static @Nullable Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

    private static Consent map(ResultSet rs, int row) throws SQLException {
        return new Consent(
                rs.getString("consent_id"),
                rs.getString("resident_id"),
                rs.getString("app_id"),
                rs.getString("category"),
                rs.getString("purpose"),
                ConsentStatus.valueOf(rs.getString("status")),
                rs.getInt("version"),
                instant(rs, "valid_from"),
                instant(rs, "valid_until"),
                instant(rs, "granted_at"),
                instant(rs, "revoked_at"),
                instant(rs, "updated_at"));
    }
}
