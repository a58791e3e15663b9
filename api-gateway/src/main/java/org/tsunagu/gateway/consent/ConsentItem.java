package org.tsunagu.gateway.consent;

import java.time.Instant;

/**
 * One consent item at one version, as the local view holds it.
 *
 * @param updatedAt when the event carrying this version occurred; orders items of the same key
 */
public record ConsentItem(String consentId, int version, ConsentKey key, ConsentStatus status,
        Instant validFrom, Instant validUntil, Instant updatedAt) {

    /** ACTIVE and {@code validFrom <= now < validUntil}. */
    public boolean permits(Instant now) {
        return status == ConsentStatus.ACTIVE && !now.isBefore(validFrom) && now.isBefore(validUntil);
    }
}
