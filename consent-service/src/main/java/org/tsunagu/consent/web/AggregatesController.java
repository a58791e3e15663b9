package org.tsunagu.consent.web;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RestController;
import org.tsunagu.api.consent.OperatorAggregatesApi;
import org.tsunagu.api.consent.model.ConsentAggregate;
import org.tsunagu.api.consent.model.ConsentAggregates;
import org.tsunagu.api.consent.model.ConsentStatus;
import org.tsunagu.api.consent.model.DataCategory;
import org.tsunagu.api.consent.model.Purpose;
import org.tsunagu.consent.ledger.ConsentLedger;

/** Counts for operators (role {@code operator}, enforced by the security chain); never a resident. */
@RestController
class AggregatesController implements OperatorAggregatesApi {

    private final ConsentLedger ledger;

    AggregatesController(ConsentLedger ledger) {
        this.ledger = ledger;
    }

    @Override
    public ResponseEntity<ConsentAggregates> getConsentAggregates() {
        return ResponseEntity.ok(new ConsentAggregates(ledger.counts().stream()
                .map(count -> new ConsentAggregate(count.appId(), DataCategory.fromValue(count.category()),
                        Purpose.fromValue(count.purpose()), ConsentStatus.fromValue(count.status().name()),
                        count.count()))
                .toList()));
    }
}
