package org.tsunagu.consent.ledger;

import java.time.Instant;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * One consent item at one version: a resident lets one app use one data category for one purpose.
 * Immutable; a change yields the next version.
 */
public record Consent(
        String consentId,
        String residentId,
        String appId,
        String category,
        String purpose,
        ConsentStatus status,
        int version,
        Instant validFrom,
        Instant validUntil,
        Instant grantedAt,
        @Nullable Instant revokedAt,
        Instant updatedAt) {

    public Consent {
        Objects.requireNonNull(consentId, "consentId");
        Objects.requireNonNull(residentId, "residentId");
        Objects.requireNonNull(appId, "appId");
        Objects.requireNonNull(category, "category");
        Objects.requireNonNull(purpose, "purpose");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(validFrom, "validFrom");
        Objects.requireNonNull(validUntil, "validUntil");
        Objects.requireNonNull(grantedAt, "grantedAt");
        Objects.requireNonNull(updatedAt, "updatedAt");
        if (version < 1) {
            throw new IllegalArgumentException("version starts at 1");
        }
    }

    /** A freshly granted item, version 1. */
    public static Consent granted(String consentId, String residentId, String appId, String category,
                                  String purpose, Instant now, Instant validUntil) {
        return new Consent(consentId, residentId, appId, category, purpose, ConsentStatus.ACTIVE, 1,
                now, validUntil, now, null, now);
    }

    public boolean isActive() {
        return status == ConsentStatus.ACTIVE;
    }

    /** The next version, withdrawn by the resident at {@code at}. */
    public Consent revoke(Instant at) {
        return new Consent(consentId, residentId, appId, category, purpose, ConsentStatus.REVOKED, version + 1,
                validFrom, validUntil, grantedAt, at, at);
    }

    /** The next version, ended by time. */
    public Consent expire(Instant at) {
        return new Consent(consentId, residentId, appId, category, purpose, ConsentStatus.EXPIRED, version + 1,
                validFrom, validUntil, grantedAt, revokedAt, at);
    }

    /** The key that at most one ACTIVE item may hold: (resident, app, category, purpose). */
    public String scopeKey() {
        return residentId + "|" + appId + "|" + category + "|" + purpose;
    }
}
