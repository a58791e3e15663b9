package org.tsunagu.gateway.consent;

import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
import java.util.Optional;

/**
 * Decides whether consent items for one (resident, app, category, purpose) allow a read now.
 * Deny by default: only an ACTIVE item with {@code validFrom <= now < validUntil} allows.
 */
public final class ConsentDecider {

    private static final Comparator<ConsentItem> LATEST = Comparator
            .comparing(ConsentItem::updatedAt)
            .thenComparing(ConsentItem::validFrom)
            .thenComparingInt(ConsentItem::version);

    public Decision decide(Collection<ConsentItem> matching, Instant now) {
        Optional<ConsentItem> allowing = matching.stream().filter(item -> item.permits(now)).max(LATEST);
        if (allowing.isPresent()) {
            return new Decision.Allowed(allowing.get().consentId());
        }
        return matching.stream().max(LATEST)
                .<Decision>map(latest -> new Decision.Denied(reasonFor(latest), latest.consentId()))
                .orElseGet(() -> new Decision.Denied(DenialReason.CONSENT_REQUIRED, null));
    }

    private static DenialReason reasonFor(ConsentItem latest) {
        return latest.status() == ConsentStatus.REVOKED ? DenialReason.CONSENT_REVOKED : DenialReason.CONSENT_EXPIRED;
    }
}
