package org.tsunagu.consent.ledger;

/** Where a consent item is in its life: ACTIVE until revoked by the resident or expired by time. */
public enum ConsentStatus {
    ACTIVE, REVOKED, EXPIRED
}
