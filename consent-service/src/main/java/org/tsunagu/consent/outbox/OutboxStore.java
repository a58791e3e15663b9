package org.tsunagu.consent.outbox;

import java.util.List;

/** Where the relay finds unpublished events and marks them published. */
public interface OutboxStore {

    /** The oldest unpublished entries, in sequence order. */
    List<OutboxEntry> nextUnpublished(int limit);

    void markPublished(long seq);
}
