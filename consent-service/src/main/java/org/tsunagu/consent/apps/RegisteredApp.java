package org.tsunagu.consent.apps;

import java.util.Set;

import org.jspecify.annotations.Nullable;

/**
 * A registered app as the ledger needs it: its name and operator (the controller in consent
 * terms) and which categories and purposes it declared.
 */
public record RegisteredApp(String appId, String name, @Nullable String operator, Set<String> categories,
                            Set<String> purposes) {

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
