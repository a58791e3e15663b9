package org.tsunagu.audit.chain;

import java.time.Instant;

/**
 * What one audit entry says: the Data Tracker / APPI third-party provision fields — when, which
 * app (recipient) and its operator, which resident, which category, purpose, consent reference,
 * outcome and reason, correlation id. Never the data values.
 *
 * @param entryId the access record id or consent event id (unique in the chain)
 * @param action  access entries: the channel ({@code API_READ}, {@code WEBHOOK_DELIVERY}, …);
 *                consent entries: the event type ({@code CONSENT_GRANTED}, …)
 * @param outcome access entries: {@code ALLOWED}/{@code DENIED}; consent entries: the consent's status
 */
public record EntryContent(String entryId, Kind kind, Instant occurredAt, String residentId, String appId,
                           String appOperator, String category, String purpose, String consentId, String action,
                           String outcome, String reason, String correlationId) {

    /** What an entry records. */
    public enum Kind { ACCESS, CONSENT }

    public EntryContent {
        occurredAt = ChainEntry.truncate(occurredAt);
    }
}
