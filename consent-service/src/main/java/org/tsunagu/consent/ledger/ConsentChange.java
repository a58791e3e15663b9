package org.tsunagu.consent.ledger;

/** What happened to a consent item in one version step; each change becomes one event. */
public enum ConsentChange {
    GRANTED, REVOKED, EXPIRED
}
