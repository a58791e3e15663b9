package org.tsunagu.gateway.consent;

import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;

/**
 * Decides whether consent items for one (resident, app, category, purpose) allow a read now.
 * Deny by default: only an ACTIVE item with {@code validFrom <= now < validUntil} allows.
 * This is the rule written over records; the read path and the webhook dispatcher use
 * {@link ConsentView#decide(ConsentKey, Instant)}, which applies the same rule directly on the
 * view's compact layout (ADR 0043; the tests hold the two equal).
 */
public final class ConsentDecider {

    private static final Comparator<ConsentItem> LATEST = Comparator
            .comparing(ConsentItem::updatedAt)
            .thenComparing(ConsentItem::validFrom)
            .thenComparingInt(ConsentItem::version);

    public Decision decide(Collection<ConsentItem> matching, Instant now) {
        // plain loops, no streams: this runs on every read and every webhook attempt (benchmarks/)
        ConsentItem allowing = null;
        ConsentItem latest = null;
        for (ConsentItem item : matching) {
            if (item.permits(now) && (allowing == null || LATEST.compare(item, allowing) > 0)) {
                allowing = item;
            }
            if (latest == null || LATEST.compare(item, latest) > 0) {
                latest = item;
            }
        }
        if (allowing != null) {
            return new Decision.Allowed(allowing.consentId());
        }
        return latest == null ? new Decision.Denied(DenialReason.CONSENT_REQUIRED, null)
                : new Decision.Denied(reasonFor(latest), latest.consentId());
    }

    private static DenialReason reasonFor(ConsentItem latest) {
        return latest.status() == ConsentStatus.REVOKED ? DenialReason.CONSENT_REVOKED : DenialReason.CONSENT_EXPIRED;
    }
}
