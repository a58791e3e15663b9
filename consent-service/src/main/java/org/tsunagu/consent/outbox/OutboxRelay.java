package org.tsunagu.consent.outbox;

import java.util.List;

/**
 * Moves outbox entries to the broker strictly in sequence order. An entry is marked published
 * only after the sink confirmed it; the first failure ends the pass so nothing overtakes it.
 */
public final class OutboxRelay {

    private final OutboxStore store;
    private final ConsentEventSink sink;
    private final int batchSize;

    public OutboxRelay(OutboxStore store, ConsentEventSink sink, int batchSize) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be positive");
        }
        this.store = store;
        this.sink = sink;
        this.batchSize = batchSize;
    }

    /** Publishes everything pending, batch after batch, until the outbox is drained or a publish fails. */
    public synchronized RelayRun relayPending() {
        int published = 0;
        while (true) {
            List<OutboxEntry> batch = store.nextUnpublished(batchSize);
            if (batch.isEmpty()) {
                return new RelayRun(published, null);
            }
            for (OutboxEntry entry : batch) {
                try {
                    sink.publish(entry);
                } catch (Exception e) {
                    return new RelayRun(published, e);
                }
                store.markPublished(entry.seq());
                published++;
            }
        }
    }
}
