package org.tsunagu.consent.ledger;

/**
 * Records a consent change inside the ledger's transaction, so the change and its record
 * commit or roll back together (the transactional outbox implements this).
 */
public interface ConsentChangeRecorder {

    void record(Consent consent, ConsentChange change);
}
