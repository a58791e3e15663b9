package org.tsunagu.audit.kafka;

/** The hub topics this service reads (see docs/hub-conventions.md). */
public final class Topics {

    public static final String ACCESS_RECORDS = "tsunagu.access-records.v1";
    public static final String CONSENT_EVENTS = "tsunagu.consent-events.v1";
    public static final String GROUP_ID = "audit-service";

    private Topics() {
    }
}
