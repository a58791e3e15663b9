package org.tsunagu.connectors.web;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RestController;
import org.tsunagu.api.connector.IngestApi;
import org.tsunagu.api.connector.model.IngestReceipt;
import org.tsunagu.api.connector.model.MunicipalEventNotice;
import org.tsunagu.connectors.events.IngestMunicipalEvent;

/** HTTP adapter of {@link IngestApi}; the signature was already checked by {@link MunicipalNoticeFilter}. */
@RestController
class IngestController implements IngestApi {

    private final IngestMunicipalEvent ingest;

    IngestController(IngestMunicipalEvent ingest) {
        this.ingest = ingest;
    }

    @Override
    public ResponseEntity<IngestReceipt> ingestMunicipalEvent(String system, String webhookId, String webhookTimestamp,
                                                              String webhookSignature, MunicipalEventNotice notice) {
        return ResponseEntity.status(HttpStatus.ACCEPTED)
                .body(new IngestReceipt(ingest.ingest(system, webhookId, notice)));
    }
}
