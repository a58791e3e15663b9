package org.tsunagu.consent.web;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

import java.util.List;

import org.tsunagu.api.consent.model.ConsentHistory;
import org.tsunagu.api.consent.model.ConsentItem;
import org.tsunagu.api.consent.model.ConsentStatus;
import org.tsunagu.api.consent.model.DataCategory;
import org.tsunagu.api.consent.model.Purpose;
import org.tsunagu.consent.ledger.Consent;
import org.tsunagu.consent.ledger.ConsentVersion;
import org.tsunagu.consent.purpose.PurposeVocabulary;

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
                .revokedAt(consent.revokedAt() == null ? null : utc(consent.revokedAt()))
                .purposeIri(PurposeVocabulary.iriOf(consent.purpose()));
    }

    static ConsentHistory toApi(String consentId, List<ConsentVersion> versions) {
        return new ConsentHistory(consentId, versions.stream().map(ConsentItems::toApi).toList());
    }

    private static org.tsunagu.api.consent.model.ConsentVersion toApi(ConsentVersion version) {
        Consent consent = version.consent();
        return new org.tsunagu.api.consent.model.ConsentVersion(
                consent.consentId(),
                consent.version(),
                org.tsunagu.api.consent.model.ConsentVersion.ChangeEnum.fromValue(version.change().name()),
                ConsentStatus.fromValue(consent.status().name()),
                consent.appId(),
                DataCategory.fromValue(consent.category()),
                Purpose.fromValue(consent.purpose()),
                PurposeVocabulary.iriOf(consent.purpose()),
                utc(consent.validFrom()),
                utc(consent.validUntil()),
                utc(consent.updatedAt()));
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
