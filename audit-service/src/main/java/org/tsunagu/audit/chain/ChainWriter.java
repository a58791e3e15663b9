package org.tsunagu.audit.chain;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;

import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import org.tsunagu.audit.checkpoint.CheckpointStore;

/**
 * The chain's single writer: assigns the next sequence numbers and links each new entry to the
 * one before it, one batch at a time. A lock in this process orders this instance's appends; a
 * row lock in the database ({@link ChainStore#lockForAppend}) orders them with other instances'
 * on the same database (the distributed profile), which would otherwise read the same head and
 * collide on {@code seq}: a collision the poll appender would take for a record the database can
 * never take, and skip. The primary key on {@code seq} and the unique entry id stop anything that
 * slips past both. Both Kafka listeners append through here, one call per poll.
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
        return appendAll(List.of(content)).stream().findFirst();
    }

    /**
     * Appends, in the given order, each content whose entry id is neither in the chain nor earlier
     * in {@code contents}, in one transaction: all of them or (on an exception) none. Returns the
     * new entries, in chain order.
     */
    public List<ChainEntry> appendAll(List<EntryContent> contents) {
        if (contents.isEmpty()) {
            return List.of();
        }
        Map<String, EntryContent> byId = new LinkedHashMap<>();
        contents.forEach(c -> byId.putIfAbsent(c.entryId(), c));
        lock.lock();
        try {
            return transaction.execute(status -> {
                store.lockForAppend();
                Set<String> stored = store.existing(byId.keySet());
                Head head = head();
                long sequence = head.sequence();
                String prevHash = head.hash();
                List<ChainEntry> added = new ArrayList<>(byId.size());
                for (EntryContent content : byId.values()) {
                    if (stored.contains(content.entryId())) {
                        continue;
                    }
                    ChainEntry entry = ChainEntry.link(++sequence, clock.instant(), content, prevHash);
                    added.add(entry);
                    prevHash = entry.hash();
                }
                store.insertAll(added);
                return added;
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
