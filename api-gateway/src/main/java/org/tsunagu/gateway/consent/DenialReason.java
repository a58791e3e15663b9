package org.tsunagu.gateway.consent;

/** Why consent does not allow a read; the slug is the problem type and the access record's reason. */
public enum DenialReason {
    CONSENT_REQUIRED("consent-required"),
    CONSENT_REVOKED("consent-revoked"),
    CONSENT_EXPIRED("consent-expired");

    private final String slug;

    DenialReason(String slug) {
        this.slug = slug;
    }

    public String slug() {
        return slug;
    }
}
