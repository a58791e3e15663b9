package org.tsunagu.consent.ledger;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
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
    private final List<ConsentChangeRecorder> recorders;
    private final TransactionTemplate tx;
    private final TransactionTemplate readOnlyTx;
    private final Clock clock;

    ConsentLedger(ConsentStore store, List<ConsentChangeRecorder> recorders, PlatformTransactionManager txManager,
                  Clock clock) {
        this.store = store;
        this.recorders = List.copyOf(recorders);
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
        recorders.forEach(recorder -> recorder.record(consent, ConsentChange.GRANTED));
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

    /**
     * Withdraws every ACTIVE item the resident gave one app, in one transaction (all or nothing).
     *
     * @return the items revoked now; empty optional when the resident never gave this app anything
     */
    public Optional<List<Consent>> revokeAllForApp(String residentId, String appId) {
        return revokeAll(residentId, appId, null);
    }

    /**
     * Withdraws every ACTIVE item the resident gave one app for one category (or for every
     * category when {@code category} is null), in one transaction.
     *
     * @return the items revoked now; empty optional when the resident never gave this app anything there
     */
    public Optional<List<Consent>> revokeAll(String residentId, String appId, @Nullable String category) {
        return tx.execute(status -> {
            List<Consent> forApp = store.listByResidentAndApp(residentId, appId).stream()
                    .filter(consent -> category == null || consent.category().equals(category))
                    .toList();
            if (forApp.isEmpty()) {
                return Optional.<List<Consent>>empty();
            }
            Instant now = clock.instant();
            List<Consent> revoked = new ArrayList<>();
            for (Consent current : forApp) {
                if (current.isActive()) {
                    Consent next = current.revoke(now);
                    change(next, ConsentChange.REVOKED);
                    revoked.add(next);
                }
            }
            return Optional.of(List.copyOf(revoked));
        });
    }

    /**
     * Every version of one of the resident's items, oldest first.
     *
     * @return empty when the resident has no item with this id
     */
    public Optional<List<ConsentVersion>> history(String residentId, String consentId) {
        return readOnlyTx.execute(status -> {
            List<ConsentVersion> versions = store.history(residentId, consentId);
            return versions.isEmpty() ? Optional.<List<ConsentVersion>>empty() : Optional.of(versions);
        });
    }

    /** Counts of items per (app, category, purpose, status) over all residents: no resident appears. */
    public List<ConsentCount> counts() {
        return readOnlyTx.execute(status -> store.counts());
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
        recorders.forEach(recorder -> recorder.record(next, change));
    }
}
