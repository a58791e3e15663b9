package org.tsunagu.audit.accesslog;

import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Set;
import java.util.UUID;

import org.tsunagu.audit.appdirectory.AppDirectory;
import org.tsunagu.audit.chain.EntryContent;

import tools.jackson.databind.JsonNode;

/** Maps an access record message (contract {@code AccessRecord}) to chain content; null if incomplete. */
final class AccessRecords {

    private static final Set<String> DECISIONS = Set.of("ALLOWED", "DENIED");

    private AccessRecords() {
    }

    static EntryContent toEntry(JsonNode r, AppDirectory apps) {
        if (r == null || !r.isObject()) {
            return null;
        }
        String recordId = text(r, "recordId");
        String occurredAt = text(r, "occurredAt");
        String residentId = text(r, "residentId");
        String appId = text(r, "appId");
        String category = text(r, "category");
        String decision = text(r, "decision");
        String reason = text(r, "reason");
        String channel = text(r, "channel");
        if (recordId == null || occurredAt == null || residentId == null || appId == null || category == null
                || decision == null || !DECISIONS.contains(decision) || reason == null || channel == null) {
            return null;
        }
        try {
            UUID.fromString(recordId);
            return new EntryContent(recordId, EntryContent.Kind.ACCESS, OffsetDateTime.parse(occurredAt).toInstant(),
                    residentId, appId, apps.operatorOf(appId).orElse(null), category, text(r, "purpose"),
                    text(r, "consentId"), channel, decision, reason, text(r, "correlationId"));
        } catch (IllegalArgumentException | DateTimeParseException malformed) {
            return null;
        }
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value != null && value.isString() ? value.asString() : null;
    }
}
