package org.tsunagu.consent.web;

import java.net.URI;
import java.util.Map;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RestController;
import org.tsunagu.api.consent.MyConsentsApi;
import org.tsunagu.api.consent.model.ConsentGrantRequest;
import org.tsunagu.api.consent.model.ConsentHistory;
import org.tsunagu.api.consent.model.ConsentItem;
import org.tsunagu.api.consent.model.ConsentList;
import org.tsunagu.consent.fhir.FhirConsentExport;
import org.tsunagu.consent.grant.GrantConsent;
import org.tsunagu.consent.grant.GrantRequest;
import org.tsunagu.consent.ledger.ConsentLedger;
import org.tsunagu.consent.ledger.Granted;

/** The resident's own consents over HTTP; scoped to the token's resident, so others' items are simply not found. */
@RestController
class MyConsentsController implements MyConsentsApi {

    private static final MediaType FHIR_JSON = MediaType.parseMediaType("application/fhir+json");

    private final ConsentLedger ledger;
    private final GrantConsent grantConsent;
    private final CurrentResident resident;
    private final FhirConsentExport fhirExport;

    MyConsentsController(ConsentLedger ledger, GrantConsent grantConsent, CurrentResident resident,
                         FhirConsentExport fhirExport) {
        this.ledger = ledger;
        this.fhirExport = fhirExport;
        this.grantConsent = grantConsent;
        this.resident = resident;
    }

    @Override
    public ResponseEntity<ConsentList> listMyConsents() {
        return ResponseEntity.ok(new ConsentList(
                ledger.list(resident.id()).stream().map(ConsentItems::toApi).toList()));
    }

    @Override
    public ResponseEntity<ConsentItem> grantConsent(ConsentGrantRequest body) {
        Granted granted = grantConsent.grant(resident.id(), new GrantRequest(
                body.getAppId(),
                body.getCategory().getValue(),
                body.getPurpose().getValue(),
                body.getValidUntil() == null ? null : body.getValidUntil().toInstant()));
        ConsentItem item = ConsentItems.toApi(granted.consent());
        if (!granted.created()) {
            return ResponseEntity.ok(item);
        }
        return ResponseEntity.status(HttpStatus.CREATED)
                .location(URI.create(PATH_GRANT_CONSENT + "/" + item.getConsentId()))
                .body(item);
    }

    @Override
    public ResponseEntity<ConsentItem> getMyConsent(String consentId) {
        return ledger.find(resident.id(), consentId)
                .map(ConsentItems::toApi)
                .map(ResponseEntity::ok)
                .orElseThrow(ConsentNotFoundException::new);
    }

    @Override
    public ResponseEntity<ConsentHistory> getMyConsentHistory(String consentId) {
        return ledger.history(resident.id(), consentId)
                .map(versions -> ConsentItems.toApi(consentId, versions))
                .map(ResponseEntity::ok)
                .orElseThrow(ConsentNotFoundException::new);
    }

    @Override
    public ResponseEntity<ConsentList> revokeMyConsentsForApp(String appId) {
        return ledger.revokeAllForApp(resident.id(), appId)
                .map(revoked -> new ConsentList(revoked.stream().map(ConsentItems::toApi).toList()))
                .map(ResponseEntity::ok)
                .orElseThrow(ConsentNotFoundException::new);
    }

    @Override
    public ResponseEntity<Map<String, Object>> exportMyConsentsAsFhir() {
        String residentId = resident.id();
        return ResponseEntity.ok()
                .contentType(FHIR_JSON)
                .body(fhirExport.bundle(residentId, ledger.list(residentId)));
    }

    @Override
    public ResponseEntity<ConsentItem> revokeMyConsent(String consentId) {
        return ledger.revoke(resident.id(), consentId)
                .map(ConsentItems::toApi)
                .map(ResponseEntity::ok)
                .orElseThrow(ConsentNotFoundException::new);
    }
}
