package org.tsunagu.consent.outbox;


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

    /**
     * Publishes everything pending, batch after batch, until the outbox is drained or a publish
     * fails. Each batch runs {@linkplain OutboxStore#exclusively exclusively}: relays of other
     * instances on the same database wait for it, so entries go out once each and in order.
     */
    public synchronized RelayRun relayPending() {
        int published = 0;
        while (true) {
            Batch batch = store.exclusively(this::relayBatch);
            published += batch.published();
            if (batch.failure() != null || batch.published() == 0) {
                return new RelayRun(published, batch.failure());
            }
        }
    }

    private Batch relayBatch() {
        int published = 0;
        for (OutboxEntry entry : store.nextUnpublished(batchSize)) {
            try {
                sink.publish(entry);
            } catch (Exception e) {
                return new Batch(published, e);
            }
            store.markPublished(entry.seq());
            published++;
        }
        return new Batch(published, null);
    }

    private record Batch(int published, Exception failure) {
    }
}
