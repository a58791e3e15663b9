package org.tsunagu.consent.ledger;

/** The outcome of a grant: the ACTIVE item, and whether it was created now or already existed. */
public record Granted(Consent consent, boolean created) {
}
