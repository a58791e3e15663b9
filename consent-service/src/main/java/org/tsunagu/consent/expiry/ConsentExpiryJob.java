package org.tsunagu.consent.expiry;

import java.time.Clock;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.tsunagu.consent.ledger.Consent;
import org.tsunagu.consent.ledger.ConsentLedger;

/** Ends ACTIVE items whose validity has passed (new EXPIRED version + CONSENT_EXPIRED event). */
@Component
class ConsentExpiryJob {

    private static final Logger log = LoggerFactory.getLogger(ConsentExpiryJob.class);

    private final ConsentLedger ledger;
    private final Clock clock;

    ConsentExpiryJob(ConsentLedger ledger, Clock clock) {
        this.ledger = ledger;
        this.clock = clock;
    }

    @Scheduled(initialDelayString = "${tsunagu.expiry.initial-delay:PT5S}",
               fixedDelayString = "${tsunagu.expiry.interval:PT30S}")
    void expireEnded() {
        try {
            List<Consent> expired = ledger.expireEndedBy(clock.instant());
            if (!expired.isEmpty()) {
                log.info("Expired {} consent item(s)", expired.size());
            }
        } catch (RuntimeException e) {
            log.warn("Expiry run failed, next run retries: {}", e.toString());
        }
    }
}
