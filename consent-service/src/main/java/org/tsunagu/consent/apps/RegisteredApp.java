package org.tsunagu.consent.apps;

import java.util.Set;

/** A registered app as the ledger needs it: which categories and purposes it declared. */
public record RegisteredApp(String appId, Set<String> categories, Set<String> purposes) {

    public RegisteredApp {
        categories = Set.copyOf(categories);
        purposes = Set.copyOf(purposes);
    }

    public boolean declaresCategory(String category) {
        return categories.contains(category);
    }

    public boolean declaresPurpose(String purpose) {
        return purposes.contains(purpose);
    }
}
