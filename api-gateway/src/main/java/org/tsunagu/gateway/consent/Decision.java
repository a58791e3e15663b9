package org.tsunagu.gateway.consent;

/** The outcome of a consent check: allowed by one consent item, or denied for a reason. */
public sealed interface Decision {

    /** An ACTIVE item in its validity window allows the read. */
    record Allowed(String consentId) implements Decision {
    }

    /** No item allows the read; {@code consentId} names the latest matching item, if any. */
    record Denied(DenialReason reason, String consentId) implements Decision {
    }
}
