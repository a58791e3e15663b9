package org.tsunagu.consent.ledger;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The consent ledger: the only place that changes consent items. Every change writes the new
 * current row, an immutable history row and a recorded event (outbox) in one transaction.
 */
@Service
public class ConsentLedger {

    private static final Logger log = LoggerFactory.getLogger(ConsentLedger.class);
    private static final int EXPIRY_BATCH = 500;

    private final ConsentStore store;
    private final ConsentChangeRecorder recorder;
    private final TransactionTemplate tx;
    private final TransactionTemplate readOnlyTx;
    private final Clock clock;

    ConsentLedger(ConsentStore store, ConsentChangeRecorder recorder, PlatformTransactionManager txManager,
                  Clock clock) {
        this.store = store;
        this.recorder = recorder;
        this.tx = new TransactionTemplate(txManager);
        this.readOnlyTx = new TransactionTemplate(txManager);
        this.readOnlyTx.setReadOnly(true);
        this.clock = clock;
    }

    /**
     * Opts in, or returns the ACTIVE item that already covers the same (app, category, purpose).
     * An ACTIVE item already past its validity is expired first, then a new one is granted.
     */
    public Granted grant(GrantCommand command) {
        try {
            return tx.execute(status -> grantInTransaction(command));
        } catch (DuplicateKeyException concurrentGrant) {
            // a concurrent request granted the same scope first: answer with its item
            return readOnlyTx.execute(status -> store.findActive(command.scopeKey()))
                    .map(existing -> new Granted(existing, false))
                    .orElseThrow(() -> concurrentGrant);
        }
    }

    private Granted grantInTransaction(GrantCommand command) {
        Instant now = clock.instant();
        Optional<Consent> active = store.findActive(command.scopeKey());
        if (active.isPresent()) {
            Consent existing = active.get();
            if (existing.validUntil().isAfter(now)) {
                return new Granted(existing, false);
            }
            change(existing.expire(now), ConsentChange.EXPIRED);
        }
        Consent consent = Consent.granted(UUID.randomUUID().toString(), command.residentId(), command.appId(),
                command.category(), command.purpose(), now, command.validUntil());
        store.insert(consent, ConsentChange.GRANTED);
        recorder.record(consent, ConsentChange.GRANTED);
        return new Granted(consent, true);
    }

    /**
     * Withdraws one of the resident's items. Already revoked or expired items come back unchanged.
     *
     * @return empty when the resident has no item with this id (another resident's item included)
     */
    public Optional<Consent> revoke(String residentId, String consentId) {
        return tx.execute(status -> store.findOwned(residentId, consentId).map(current -> {
            if (!current.isActive()) {
                return current;
            }
            Consent revoked = current.revoke(clock.instant());
            change(revoked, ConsentChange.REVOKED);
            return revoked;
        }));
    }

    /** Turns every ACTIVE item whose validity ended by {@code now} into EXPIRED, one transaction each. */
    public List<Consent> expireEndedBy(Instant now) {
        List<Consent> expired = new ArrayList<>();
        List<Consent> due = readOnlyTx.execute(status -> store.findActiveEndedBy(now, EXPIRY_BATCH));
        for (Consent consent : due) {
            try {
                expired.add(tx.execute(status -> {
                    Consent next = consent.expire(now);
                    change(next, ConsentChange.EXPIRED);
                    return next;
                }));
            } catch (ConcurrentConsentChangeException raced) {
                log.debug("Consent {} changed while expiring; next run looks again", consent.consentId());
            }
        }
        return expired;
    }

    public Optional<Consent> find(String residentId, String consentId) {
        return readOnlyTx.execute(status -> store.findOwned(residentId, consentId));
    }

    /** The resident's items, newest first. */
    public List<Consent> list(String residentId) {
        return readOnlyTx.execute(status -> store.listByResident(residentId));
    }

    public boolean isEmpty() {
        return Boolean.TRUE.equals(readOnlyTx.execute(status -> store.isEmpty()));
    }

    private void change(Consent next, ConsentChange change) {
        if (!store.update(next, change)) {
            throw new ConcurrentConsentChangeException(next.consentId());
        }
        recorder.record(next, change);
    }
}
