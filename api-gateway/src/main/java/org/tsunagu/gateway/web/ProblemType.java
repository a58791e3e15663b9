package org.tsunagu.gateway.web;

import org.springframework.http.HttpStatus;

/** The RFC 9457 problem types this gateway answers with (slugs from {@code common.yaml}). */
public enum ProblemType {
    INVALID_TOKEN("invalid-token", HttpStatus.UNAUTHORIZED, "Invalid token"),
    INSUFFICIENT_SCOPE("insufficient-scope", HttpStatus.FORBIDDEN, "Insufficient scope"),
    CONSENT_REQUIRED("consent-required", HttpStatus.FORBIDDEN, "Consent required"),
    CONSENT_REVOKED("consent-revoked", HttpStatus.FORBIDDEN, "Consent revoked"),
    CONSENT_EXPIRED("consent-expired", HttpStatus.FORBIDDEN, "Consent expired"),
    PURPOSE_NOT_DECLARED("purpose-not-declared", HttpStatus.FORBIDDEN, "Purpose not declared"),
    WEBHOOK_URL_NOT_APPROVED("webhook-url-not-approved", HttpStatus.FORBIDDEN, "Webhook URL not approved"),
    SUBJECT_UNKNOWN("subject-unknown", HttpStatus.NOT_FOUND, "Subject unknown"),
    UNKNOWN_CATEGORY("unknown-category", HttpStatus.NOT_FOUND, "Unknown category"),
    NOT_FOUND("not-found", HttpStatus.NOT_FOUND, "Not found"),
    PURPOSE_REQUIRED("purpose-required", HttpStatus.BAD_REQUEST, "Purpose required"),
    BAD_REQUEST("bad-request", HttpStatus.BAD_REQUEST, "Bad request"),
    METHOD_NOT_ALLOWED("method-not-allowed", HttpStatus.METHOD_NOT_ALLOWED, "Method not allowed"),
    NOT_ACCEPTABLE("not-acceptable", HttpStatus.NOT_ACCEPTABLE, "Not acceptable"),
    PAYLOAD_TOO_LARGE("payload-too-large", HttpStatus.CONTENT_TOO_LARGE, "Payload too large"),
    RATE_LIMITED("rate-limited", HttpStatus.TOO_MANY_REQUESTS, "Rate limited"),
    CONFLICT("conflict", HttpStatus.CONFLICT, "Conflict"),
    UNSUPPORTED_MEDIA_TYPE("unsupported-media-type", HttpStatus.UNSUPPORTED_MEDIA_TYPE, "Unsupported media type"),
    UPSTREAM_UNAVAILABLE("upstream-unavailable", HttpStatus.SERVICE_UNAVAILABLE, "Upstream unavailable"),
    AUDIT_UNAVAILABLE("audit-unavailable", HttpStatus.SERVICE_UNAVAILABLE, "Audit unavailable"),
    CONSENT_VIEW_UNAVAILABLE("consent-view-unavailable", HttpStatus.SERVICE_UNAVAILABLE, "Consent view unavailable"),
    DEPENDENCY_UNAVAILABLE("dependency-unavailable", HttpStatus.SERVICE_UNAVAILABLE, "Dependency unavailable"),
    /** No slug is defined for server faults; RFC 9457's {@code about:blank} is used. */
    INTERNAL_ERROR(null, HttpStatus.INTERNAL_SERVER_ERROR, "Internal server error");

    private static final String PREFIX = "urn:tsunagu:problem:";

    private final String slug;
    private final HttpStatus status;
    private final String title;

    ProblemType(String slug, HttpStatus status, String title) {
        this.slug = slug;
        this.status = status;
        this.title = title;
    }

    /** The slug, also used as the {@code reason} of a denied access record. */
    public String slug() {
        return slug == null ? "internal-error" : slug;
    }

    public String uri() {
        return slug == null ? "about:blank" : PREFIX + slug;
    }

    public HttpStatus status() {
        return status;
    }

    public String title() {
        return title;
    }
}
