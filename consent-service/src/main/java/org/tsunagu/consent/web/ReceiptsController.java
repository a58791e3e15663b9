package org.tsunagu.consent.web;

import java.time.ZoneOffset;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RestController;
import org.tsunagu.api.consent.MyReceiptsApi;
import org.tsunagu.api.consent.ReceiptKeysApi;
import org.tsunagu.api.consent.model.JsonWebKeySet;
import org.tsunagu.api.consent.model.ReceiptList;
import org.tsunagu.api.consent.model.ReceiptSummary;
import org.tsunagu.consent.receipt.ConsentReceipt;
import org.tsunagu.consent.receipt.ReceiptSigningKey;
import org.tsunagu.consent.receipt.Receipts;

import com.nimbusds.jose.jwk.JWK;

/** The resident's own signed receipts, and the public JWKS anyone can verify them with. */
@RestController
class ReceiptsController implements MyReceiptsApi, ReceiptKeysApi {

    private static final MediaType JOSE = MediaType.parseMediaType("application/jose");

    private final Receipts receipts;
    private final ReceiptSigningKey signingKey;
    private final CurrentResident resident;

    ReceiptsController(Receipts receipts, ReceiptSigningKey signingKey, CurrentResident resident) {
        this.receipts = receipts;
        this.signingKey = signingKey;
        this.resident = resident;
    }

    @Override
    public ResponseEntity<ReceiptList> listMyReceipts() {
        return ResponseEntity.ok(new ReceiptList(receipts.of(resident.id()).stream()
                .map(ReceiptsController::toApi).toList()));
    }

    @Override
    public ResponseEntity<String> downloadMyReceipt(String receiptId) {
        return receipts.find(resident.id(), receiptId)
                .map(receipt -> ResponseEntity.ok()
                        .contentType(JOSE)
                        .header(HttpHeaders.CONTENT_DISPOSITION,
                                "attachment; filename=\"consent-receipt-" + receipt.receiptId() + ".jws\"")
                        .body(receipt.jws()))
                .orElseThrow(ConsentNotFoundException::new);
    }

    @Override
    public ResponseEntity<JsonWebKeySet> getReceiptKeys() {
        return ResponseEntity.ok()
                .header(HttpHeaders.CACHE_CONTROL, "public, max-age=300")
                .body(new JsonWebKeySet(signingKey.publicJwks().getKeys().stream().map(JWK::toJSONObject).toList()));
    }

    static ReceiptSummary toApi(ConsentReceipt receipt) {
        return new ReceiptSummary(receipt.receiptId(), receipt.consentId(), receipt.version(),
                ReceiptSummary.EventEnum.fromValue(receipt.event().name()),
                receipt.issuedAt().atOffset(ZoneOffset.UTC), receipt.jws());
    }
}
