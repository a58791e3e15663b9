package org.tsunagu.consent.receipt;

import org.jspecify.annotations.Nullable;

/** The controller named on a receipt: the app and the organisation that operates it. */
public record ConsentController(String appId, String appName, @Nullable String operator) {
}
