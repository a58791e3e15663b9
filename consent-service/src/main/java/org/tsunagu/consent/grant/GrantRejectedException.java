package org.tsunagu.consent.grant;

/** A grant refused for a {@link GrantRejection reason}; the ledger was not changed. */
public class GrantRejectedException extends RuntimeException {

    private final GrantRejection reason;

    public GrantRejectedException(GrantRejection reason, String detail) {
        super(detail);
        this.reason = reason;
    }

    public GrantRejection reason() {
        return reason;
    }
}
