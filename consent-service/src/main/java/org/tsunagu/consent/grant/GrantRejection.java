package org.tsunagu.consent.grant;

/** Why a grant was refused; each reason is one problem type the resident sees. */
public enum GrantRejection {
    UNKNOWN_APP("unknown-app", "Unknown app"),
    CATEGORY_NOT_DECLARED("category-not-declared", "Category not declared"),
    PURPOSE_NOT_DECLARED("purpose-not-declared", "Purpose not declared"),
    INVALID_VALIDITY("invalid-validity", "Invalid validity");

    private final String slug;
    private final String title;

    GrantRejection(String slug, String title) {
        this.slug = slug;
        this.title = title;
    }

    /** The problem type slug, as in {@code urn:tsunagu:problem:<slug>}. */
    public String slug() {
        return slug;
    }

    public String title() {
        return title;
    }
}
