package org.tsunagu.consent.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.LongStream;

import org.junit.jupiter.api.Test;

/** The relay publishes in sequence order, never skips a failed entry, and never publishes one twice. */
class OutboxRelayTest {

    /** An outbox kept in memory. */
    static final class InMemoryOutbox implements OutboxStore {
        final TreeMap<Long, OutboxEntry> unpublished = new TreeMap<>();

        void append(long seq, String residentId) {
            unpublished.put(seq, new OutboxEntry(seq, UUID.randomUUID(), residentId, "c-" + seq, "{}"));
        }

        @Override
        public List<OutboxEntry> nextUnpublished(int limit) {
            return unpublished.values().stream().limit(limit).toList();
        }

        @Override
        public void markPublished(long seq) {
            unpublished.remove(seq);
        }
    }

    /** A broker that is down until told otherwise, then acks everything. */
    static final class SwitchableBroker implements ConsentEventSink {
        final List<Long> acked = new ArrayList<>();
        boolean down;
        int failAfter = Integer.MAX_VALUE;

        @Override
        public void publish(OutboxEntry entry) throws Exception {
            if (down || acked.size() >= failAfter) {
                throw new org.apache.kafka.common.errors.TimeoutException("broker unreachable");
            }
            acked.add(entry.seq());
        }
    }

    private final InMemoryOutbox outbox = new InMemoryOutbox();
    private final SwitchableBroker broker = new SwitchableBroker();
    private final OutboxRelay relay = new OutboxRelay(outbox, broker, 3);

    @Test
    void givenBrokerDown_whenRelaying_thenEverythingStaysInTheOutbox() {
        LongStream.rangeClosed(1, 5).forEach(seq -> outbox.append(seq, "RID-1"));
        broker.down = true;

        RelayRun run = relay.relayPending();

        assertThat(run.failed()).isTrue();
        assertThat(run.published()).isZero();
        assertThat(outbox.unpublished).hasSize(5);
    }

    @Test
    void givenBrokerBackAfterOutage_whenRelaying_thenAllPublishedOnceInOrder() {
        LongStream.rangeClosed(1, 7).forEach(seq -> outbox.append(seq, "RID-" + (seq % 2)));
        broker.down = true;
        relay.relayPending();
        relay.relayPending();
        broker.down = false;

        RelayRun run = relay.relayPending();

        assertThat(run.failed()).isFalse();
        assertThat(run.published()).isEqualTo(7);
        assertThat(broker.acked).containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L);
        assertThat(outbox.unpublished).isEmpty();
    }

    @Test
    void givenBrokerFailingMidBatch_whenRelayingAgainLater_thenNoGapNoDuplicateOrderKept() {
        LongStream.rangeClosed(1, 6).forEach(seq -> outbox.append(seq, "RID-1"));
        broker.failAfter = 2;

        RelayRun first = relay.relayPending();
        outbox.append(7, "RID-1");
        broker.failAfter = Integer.MAX_VALUE;
        RelayRun second = relay.relayPending();

        assertThat(first.published()).isEqualTo(2);
        assertThat(first.failed()).isTrue();
        assertThat(second.published()).isEqualTo(5);
        assertThat(broker.acked).containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L);
        assertThat(outbox.unpublished).isEmpty();
    }

    @Test
    void givenEmptyOutbox_whenRelaying_thenNothingHappens() {
        RelayRun run = relay.relayPending();

        assertThat(run.published()).isZero();
        assertThat(run.failed()).isFalse();
    }
}
