package org.tsunagu.gateway.consent;

/** The state of one consent item, as carried by {@code ConsentState.status}. */
public enum ConsentStatus {
    ACTIVE, REVOKED, EXPIRED
}
