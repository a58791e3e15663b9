package org.tsunagu.audit.chain;

import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;

import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import org.tsunagu.audit.checkpoint.CheckpointStore;

/**
 * The chain's single writer: assigns the next sequence number and links each new entry to the
 * head, one at a time (a lock in this process; the primary key on {@code seq} and the unique
 * entry id stop anything that slips past it). Both Kafka listeners append through here.
 */
@Component
public class ChainWriter {

    private final ReentrantLock lock = new ReentrantLock();
    private final ChainStore store;
    private final CheckpointStore checkpoints;
    private final TransactionTemplate transaction;
    private final Clock clock;

    ChainWriter(ChainStore store, CheckpointStore checkpoints, TransactionTemplate transaction) {
        this.store = store;
        this.checkpoints = checkpoints;
        this.transaction = transaction;
        this.clock = Clock.systemUTC();
    }

    /** Appends {@code content} unless its entry id is already in the chain; the new entry, or empty. */
    public Optional<ChainEntry> append(EntryContent content) {
        lock.lock();
        try {
            return transaction.execute(status -> {
                if (store.contains(content.entryId())) {
                    return Optional.<ChainEntry>empty();
                }
                Head head = head();
                ChainEntry entry = ChainEntry.link(head.sequence() + 1, clock.instant(), content, head.hash());
                store.insert(entry);
                return Optional.of(entry);
            });
        } finally {
            lock.unlock();
        }
    }

    /** The chain's head: its newest entry, else the checkpoint it was pruned to, else genesis. */
    public Head head() {
        return store.last().map(e -> new Head(e.sequence(), e.hash()))
                .or(() -> checkpoints.latest().map(c -> new Head(c.sequence(), c.hash())))
                .orElse(new Head(0, ChainEntry.GENESIS));
    }

    /** Sequence number and hash of the chain's newest link. */
    public record Head(long sequence, String hash) {
    }
}
