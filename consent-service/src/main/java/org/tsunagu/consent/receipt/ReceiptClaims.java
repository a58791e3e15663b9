package org.tsunagu.consent.receipt;

import static org.tsunagu.consent.ledger.IsoTimes.iso;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.tsunagu.consent.ledger.Consent;
import org.tsunagu.consent.ledger.ConsentChange;
import org.tsunagu.consent.purpose.PurposeVocabulary;

/**
 * The payload of a consent receipt: the fields of a consent record per ISO/IEC TS 27560 and the
 * Kantara Consent Receipt (record id, PII principal, controller, purposes with their DPV IRIs,
 * PII categories, validity, how to withdraw, jurisdiction and legal basis, timestamp).
 */
final class ReceiptClaims {

    static final String ISSUER = "urn:tsunagu:consent-service";

    private ReceiptClaims() {
    }

    static Map<String, Object> of(String receiptId, Consent consent, ConsentChange change,
                                  ConsentController controller, String portalUrl, Instant issuedAt) {
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("iss", ISSUER);
        claims.put("sub", consent.residentId());
        claims.put("jti", receiptId);
        claims.put("iat", issuedAt.getEpochSecond());
        claims.put("receiptSpec", List.of("ISO/IEC TS 27560:2023", "Kantara Consent Receipt v1.1"));
        claims.put("receiptId", receiptId);
        claims.put("recordId", consent.consentId());
        claims.put("recordVersion", consent.version());
        claims.put("event", change.name());
        claims.put("state", consent.status().name());
        claims.put("consentTimestamp", iso(consent.updatedAt()));
        claims.put("piiPrincipalId", consent.residentId());
        Map<String, Object> piiController = new LinkedHashMap<>();
        piiController.put("appId", controller.appId());
        piiController.put("appName", controller.appName());
        piiController.put("piiController", controller.operator() == null ? controller.appName() : controller.operator());
        claims.put("piiControllers", List.of(piiController));
        PurposeVocabulary purpose = PurposeVocabulary.of(consent.purpose()).orElse(null);
        Map<String, Object> purposeClaim = new LinkedHashMap<>();
        purposeClaim.put("purpose", consent.purpose());
        purposeClaim.put("purposeIri", PurposeVocabulary.iriOf(consent.purpose()).toString());
        if (purpose != null) {
            purposeClaim.put("description", purpose.label(false));
        }
        purposeClaim.put("consentType", "EXPLICIT");
        purposeClaim.put("piiCategories", List.of(consent.category()));
        claims.put("purposes", List.of(purposeClaim));
        claims.put("piiCategories", List.of(consent.category()));
        claims.put("validity", Map.of("from", iso(consent.validFrom()), "until", iso(consent.validUntil())));
        claims.put("withdrawal", Map.of(
                "method", "POST " + trim(portalUrl) + "/v1/me/consents/" + consent.consentId() + "/revoke",
                "portal", trim(portalUrl) + "/",
                "description", "Withdraw at any time in the resident portal, or with the API; one action per app "
                        + "or per category."));
        claims.put("jurisdiction", "JP");
        claims.put("legalBasis", Map.of(
                "law", "APPI",
                "name", "個人情報の保護に関する法律 (Act on the Protection of Personal Information)",
                "basis", "consent",
                "basisIri", "https://w3id.org/dpv#Consent"));
        return claims;
    }


    private static String trim(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
