package org.tsunagu.consent.ledger;

import java.time.Instant;
import java.util.Objects;

/** An already validated request to opt in: resident, app, category, purpose and end of validity. */
public record GrantCommand(String residentId, String appId, String category, String purpose, Instant validUntil) {

    public GrantCommand {
        Objects.requireNonNull(residentId, "residentId");
        Objects.requireNonNull(appId, "appId");
        Objects.requireNonNull(category, "category");
        Objects.requireNonNull(purpose, "purpose");
        Objects.requireNonNull(validUntil, "validUntil");
    }

    String scopeKey() {
        return residentId + "|" + appId + "|" + category + "|" + purpose;
    }
}
