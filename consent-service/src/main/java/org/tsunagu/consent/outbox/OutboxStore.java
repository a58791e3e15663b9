package org.tsunagu.consent.outbox;

import java.util.List;
import java.util.function.Supplier;

/** Where the relay finds unpublished events and marks them published. */
public interface OutboxStore {

    /** The oldest unpublished entries, in sequence order. */
    List<OutboxEntry> nextUnpublished(int limit);

    void markPublished(long seq);

    /**
     * Runs one relay batch (read, publish, mark) so that no other relay on the same store runs one
     * at the same time, also in another process. The default is for stores only one process uses.
     */
    default <T> T exclusively(Supplier<T> batch) {
        return batch.get();
    }
}
