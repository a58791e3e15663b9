package org.tsunagu.consent.ledger;

/** How many items share one (app, category, purpose, status): an aggregate without residents. */
public record ConsentCount(String appId, String category, String purpose, ConsentStatus status, long count) {
}
