package org.tsunagu.consent.ledger;

/** One immutable history row: the item as it was at one version, and the change that made it. */
public record ConsentVersion(Consent consent, ConsentChange change) {
}
