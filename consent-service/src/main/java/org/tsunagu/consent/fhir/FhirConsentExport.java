package org.tsunagu.consent.fhir;

import static org.tsunagu.consent.ledger.IsoTimes.iso;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.stereotype.Component;
import org.tsunagu.consent.ledger.Consent;
import org.tsunagu.consent.purpose.PurposeVocabulary;
import org.tsunagu.consent.receipt.ConsentController;
import org.tsunagu.consent.receipt.ControllerLookup;

/**
 * A resident's consents as a FHIR R4 {@code Bundle} (type collection) of {@code Consent}
 * resources: scope patient-privacy, policy rule OPTIN, a permit provision limited to the item's
 * validity, data class = the hub's category, purpose = the DPV purpose. Built as plain JSON so
 * the service needs no FHIR library at run time; tests validate it with the HAPI FHIR validator.
 */
@Component
public class FhirConsentExport {

    static final String CATEGORY_SYSTEM = "urn:tsunagu:data-category";
    static final String RESIDENT_SYSTEM = "urn:tsunagu:resident-id";
    static final String APP_SYSTEM = "urn:tsunagu:app";

    private final ControllerLookup controllers;

    FhirConsentExport(ControllerLookup controllers) {
        this.controllers = controllers;
    }

    public Map<String, Object> bundle(String residentId, List<Consent> consents) {
        Map<String, Object> bundle = new LinkedHashMap<>();
        bundle.put("resourceType", "Bundle");
        bundle.put("type", "collection");
        bundle.put("timestamp", iso(Instant.now()));
        bundle.put("entry", consents.stream()
                .map(consent -> Map.of(
                        "fullUrl", "urn:uuid:" + consent.consentId(),
                        "resource", consent(consent, controllers.controllerOf(consent.appId()))))
                .toList());
        return bundle;
    }

    static Map<String, Object> consent(Consent consent, ConsentController controller) {
        Map<String, Object> resource = new LinkedHashMap<>();
        resource.put("resourceType", "Consent");
        resource.put("id", consent.consentId());
        resource.put("meta", Map.of("versionId", String.valueOf(consent.version()),
                "lastUpdated", iso(consent.updatedAt())));
        resource.put("identifier", List.of(Map.of("system", "urn:tsunagu:consent", "value", consent.consentId())));
        resource.put("status", consent.isActive() ? "active" : "inactive");
        resource.put("scope", concept("http://terminology.hl7.org/CodeSystem/consentscope", "patient-privacy",
                "Privacy Consent"));
        resource.put("category", List.of(concept("http://loinc.org", "59284-0", "Patient Consent")));
        resource.put("patient", Map.of("identifier", Map.of("system", RESIDENT_SYSTEM, "value", consent.residentId())));
        resource.put("dateTime", iso(consent.grantedAt()));
        resource.put("organization", List.of(Map.of("display",
                controller.operator() == null ? controller.appName() : controller.operator())));
        resource.put("policyRule", concept("http://terminology.hl7.org/CodeSystem/v3-ActCode", "OPTIN", "opt-in"));
        Map<String, Object> provision = new LinkedHashMap<>();
        provision.put("type", "permit");
        provision.put("period", Map.of("start", iso(consent.validFrom()), "end", iso(
                consent.revokedAt() != null && consent.revokedAt().isBefore(consent.validUntil())
                        ? consent.revokedAt() : consent.validUntil())));
        provision.put("actor", List.of(Map.of(
                "role", concept("http://terminology.hl7.org/CodeSystem/v3-ParticipationType", "IRCP",
                        "information recipient"),
                "reference", Map.of(
                        "identifier", Map.of("system", APP_SYSTEM, "value", controller.appId()),
                        "display", controller.appName()))));
        provision.put("purpose", List.of(Map.of(
                "system", PurposeVocabulary.DPV_NAMESPACE,
                "code", PurposeVocabulary.iriOf(consent.purpose()).getFragment(),
                "display", consent.purpose())));
        provision.put("class", List.of(Map.of("system", CATEGORY_SYSTEM, "code", consent.category())));
        resource.put("provision", provision);
        return resource;
    }

    private static Map<String, Object> concept(String system, String code, String display) {
        return Map.of("coding", List.of(Map.of("system", system, "code", code, "display", display)));
    }

}
