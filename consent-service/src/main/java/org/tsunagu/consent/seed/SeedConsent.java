package org.tsunagu.consent.seed;

import java.time.OffsetDateTime;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** One entry of {@code seeds/consents.json}: a demo opt-in made on a resident's behalf. */
@JsonIgnoreProperties(ignoreUnknown = true)
record SeedConsent(String residentId, String appId, String category, String purpose, OffsetDateTime validUntil) {
}
