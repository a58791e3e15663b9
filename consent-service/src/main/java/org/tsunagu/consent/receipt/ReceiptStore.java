package org.tsunagu.consent.receipt;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.tsunagu.consent.ledger.ConsentChange;

/** The {@code consent_receipt} table; receipts are written once and never changed. */
@Repository
class ReceiptStore {

    private static final String COLUMNS = "receipt_id, resident_id, consent_id, version, event, issued_at, jws";

    private final JdbcClient jdbc;

    ReceiptStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void insert(ConsentReceipt receipt) {
        jdbc.sql("INSERT INTO consent_receipt (" + COLUMNS + ") VALUES (?,?,?,?,?,?,?)")
                .params(receipt.receiptId(), receipt.residentId(), receipt.consentId(), receipt.version(),
                        receipt.event().name(), receipt.issuedAt().atOffset(ZoneOffset.UTC), receipt.jws())
                .update();
    }

    List<ConsentReceipt> listByResident(String residentId) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM consent_receipt WHERE resident_id = ? "
                        + "ORDER BY issued_at DESC, consent_id, version DESC")
                .param(residentId)
                .query(ReceiptStore::map)
                .list();
    }

    Optional<ConsentReceipt> findOwned(String residentId, String receiptId) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM consent_receipt WHERE receipt_id = ? AND resident_id = ?")
                .params(receiptId, residentId)
                .query(ReceiptStore::map)
                .optional();
    }

    private static ConsentReceipt map(java.sql.ResultSet rs, int row) throws java.sql.SQLException {
        return new ConsentReceipt(rs.getString("receipt_id"), rs.getString("resident_id"),
                rs.getString("consent_id"), rs.getInt("version"), ConsentChange.valueOf(rs.getString("event")),
                rs.getObject("issued_at", OffsetDateTime.class).toInstant(), rs.getString("jws"));
    }
}
