package org.tsunagu.consent.outbox;

/** Published when an event was written to the outbox; after commit it wakes the relay. */
record OutboxAppended(long seq) {
}
