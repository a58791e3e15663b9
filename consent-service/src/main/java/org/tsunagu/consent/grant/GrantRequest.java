package org.tsunagu.consent.grant;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/** A resident's wish to opt in, as received (not yet checked against the app directory). */
public record GrantRequest(String appId, String category, String purpose, @Nullable Instant validUntil) {
}
