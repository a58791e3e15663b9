package org.tsunagu.consent.outbox;

import org.jspecify.annotations.Nullable;

/** What one relay pass did: how many events went out, and why it stopped early if it did. */
public record RelayRun(int published, @Nullable Exception failure) {

    public boolean failed() {
        return failure != null;
    }
}
