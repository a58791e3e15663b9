package org.tsunagu.consent.web;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

import org.tsunagu.api.consent.model.ConsentItem;
import org.tsunagu.api.consent.model.ConsentStatus;
import org.tsunagu.api.consent.model.DataCategory;
import org.tsunagu.api.consent.model.Purpose;
import org.tsunagu.consent.ledger.Consent;

/** Maps ledger items to the API's {@link ConsentItem}. */
final class ConsentItems {

    private ConsentItems() {
    }

    static ConsentItem toApi(Consent consent) {
        return new ConsentItem(
                consent.consentId(),
                consent.version(),
                consent.appId(),
                DataCategory.fromValue(consent.category()),
                Purpose.fromValue(consent.purpose()),
                ConsentStatus.fromValue(consent.status().name()),
                utc(consent.validFrom()),
                utc(consent.validUntil()),
                utc(consent.grantedAt()))
                .revokedAt(consent.revokedAt() == null ? null : utc(consent.revokedAt()));
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
