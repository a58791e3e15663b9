package org.tsunagu.consent.portal;

import java.util.List;

/** What the portal pages show; plain values, already in the resident's language. */
final class PortalModel {

    private PortalModel() {
    }

    /** An app that can (or could) see something about the resident, with its items per category. */
    record AppView(String appId, String appName, String operator, List<CategoryView> categories, int activeCount) {
    }

    /** One data category given to one app, with the purposes it is used for. */
    record CategoryView(String category, String label, List<ItemView> items, boolean active) {
    }

    /** One consent item. */
    record ItemView(String consentId, String purpose, String purposeLabel, String purposeIri, String status,
                    String statusLabel, String validFrom, String validUntil, boolean active) {
    }

    /** One receipt line. */
    record ReceiptView(String receiptId, String consentId, int version, String event, String issuedAt,
                       String appName) {
    }

    /** One access-log line. */
    record AccessView(String occurredAt, String appName, String operator, String category, String purpose,
                      boolean allowed, String reason) {
    }
}
