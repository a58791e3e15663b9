package org.tsunagu.consent.ledger;

/** Another request changed the same item between our read and our write; the caller may retry. */
public class ConcurrentConsentChangeException extends RuntimeException {

    public ConcurrentConsentChangeException(String consentId) {
        super("Consent " + consentId + " was changed concurrently");
    }
}
