package org.tsunagu.consent.receipt;

import java.time.Instant;

import org.tsunagu.consent.ledger.ConsentChange;

/** One issued receipt: which item version it attests, and the signed compact JWS. */
public record ConsentReceipt(String receiptId, String residentId, String consentId, int version,
                             ConsentChange event, Instant issuedAt, String jws) {
}
