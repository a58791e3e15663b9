package org.tsunagu.consent.web;

import java.net.URI;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RestController;
import org.tsunagu.api.consent.MyConsentsApi;
import org.tsunagu.api.consent.model.ConsentGrantRequest;
import org.tsunagu.api.consent.model.ConsentItem;
import org.tsunagu.api.consent.model.ConsentList;
import org.tsunagu.consent.grant.GrantConsent;
import org.tsunagu.consent.grant.GrantRequest;
import org.tsunagu.consent.ledger.ConsentLedger;
import org.tsunagu.consent.ledger.Granted;

/** The resident's own consents over HTTP; scoped to the token's resident, so others' items are simply not found. */
@RestController
class MyConsentsController implements MyConsentsApi {

    private final ConsentLedger ledger;
    private final GrantConsent grantConsent;
    private final CurrentResident resident;

    MyConsentsController(ConsentLedger ledger, GrantConsent grantConsent, CurrentResident resident) {
        this.ledger = ledger;
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
    public ResponseEntity<ConsentItem> revokeMyConsent(String consentId) {
        return ledger.revoke(resident.id(), consentId)
                .map(ConsentItems::toApi)
                .map(ResponseEntity::ok)
                .orElseThrow(ConsentNotFoundException::new);
    }
}
