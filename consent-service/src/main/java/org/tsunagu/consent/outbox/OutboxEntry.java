package org.tsunagu.consent.outbox;

import java.util.UUID;

/** One recorded consent event waiting in the outbox, in commit order ({@code seq}). */
public record OutboxEntry(long seq, UUID eventId, String residentId, String consentId, String payload) {

    /** The Kafka record key: {@code {residentId}/{consentId}} (compaction keeps each item's latest state). */
    public String key() {
        return residentId + "/" + consentId;
    }
}
