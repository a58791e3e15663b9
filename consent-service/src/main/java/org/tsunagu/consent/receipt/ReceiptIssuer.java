package org.tsunagu.consent.receipt;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.tsunagu.consent.ledger.Consent;
import org.tsunagu.consent.ledger.ConsentChange;
import org.tsunagu.consent.ledger.ConsentChangeRecorder;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;

/**
 * Signs a receipt for every grant and every withdrawal, inside the ledger's transaction: no
 * change commits without its receipt. Expiry (nobody acted) gets no receipt; it is in the history.
 */
@Component
class ReceiptIssuer implements ConsentChangeRecorder {

    static final JOSEObjectType RECEIPT_TYPE = new JOSEObjectType("consent-receipt+jwt");

    private final ReceiptSigningKey signingKey;
    private final ReceiptStore store;
    private final ControllerLookup controllers;
    private final Clock clock;
    private final String portalUrl;

    ReceiptIssuer(ReceiptSigningKey signingKey, ReceiptStore store, ControllerLookup controllers, Clock clock,
                  @Value("${tsunagu.portal.url:http://localhost:9001}") String portalUrl) {
        this.signingKey = signingKey;
        this.store = store;
        this.controllers = controllers;
        this.clock = clock;
        this.portalUrl = portalUrl;
    }

    @Override
    @Transactional(propagation = Propagation.MANDATORY)
    public void record(Consent consent, ConsentChange change) {
        if (change == ConsentChange.EXPIRED) {
            return;
        }
        String receiptId = UUID.randomUUID().toString();
        Instant issuedAt = clock.instant();
        Map<String, Object> claims = ReceiptClaims.of(receiptId, consent, change,
                controllers.controllerOf(consent.appId()), portalUrl, issuedAt);
        store.insert(new ConsentReceipt(receiptId, consent.residentId(), consent.consentId(), consent.version(),
                change, issuedAt, sign(claims)));
    }

    private String sign(Map<String, Object> claims) {
        RSAKey key = signingKey.privateKey();
        JWSObject jws = new JWSObject(new JWSHeader.Builder(JWSAlgorithm.RS256)
                .keyID(key.getKeyID())
                .type(RECEIPT_TYPE)
                .build(), new Payload(claims));
        try {
            jws.sign(new RSASSASigner(key));
        } catch (JOSEException e) {
            throw new IllegalStateException("Cannot sign a consent receipt", e);
        }
        return jws.serialize();
    }
}
