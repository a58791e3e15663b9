package org.tsunagu.gateway.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/** Replay, catching up once, and a failed consumer replaced without reading anything twice. */
class CompactedTopicFollowerTest {

    private static final String TOPIC = "compacted";
    private static final TopicPartition TP = new TopicPartition(TOPIC, 0);

    private static final class Collecting extends CompactedTopicFollower<String> {
        final List<String> applied = new CopyOnWriteArrayList<>();
        final AtomicInteger caughtUpCalls = new AtomicInteger();
        volatile boolean caughtUp;

        Collecting(Iterator<MockConsumer<String, String>> consumers) {
            super(TOPIC, consumers::next, "test-follower");
        }

        @Override
        protected void apply(ConsumerRecord<String, String> record) {
            applied.add(record.value());
        }

        @Override
        protected boolean isCaughtUp() {
            return caughtUp;
        }

        @Override
        protected void caughtUp() {
            caughtUp = true;
            caughtUpCalls.incrementAndGet();
        }
    }

    /** A consumer over a one-partition topic holding {@code values} at offsets 0.. (added at its first poll). */
    private static MockConsumer<String, String> consumerOver(List<String> values, Consumer<String, String>[] self) {
        MockConsumer<String, String> c = new MockConsumer<>("earliest");
        c.updatePartitions(TOPIC, List.of(new PartitionInfo(TOPIC, 0, null, null, null)));
        c.updateBeginningOffsets(Map.of(TP, 0L));
        c.updateEndOffsets(Map.of(TP, (long) values.size()));
        c.schedulePollTask(() -> {
            for (int i = 0; i < values.size(); i++) {
                c.addRecord(new ConsumerRecord<>(TOPIC, 0, i, "k" + i, values.get(i)));
            }
        });
        return c;
    }

    @Test
    @SuppressWarnings("unchecked")
    void givenAConsumerThatFailsAfterTheReplay_whenReplaced_thenTheNewOneResumes_andNothingIsAppliedTwice() {
        MockConsumer<String, String> first = consumerOver(List.of("v0", "v1", "v2"), new Consumer[1]);
        first.schedulePollTask(() -> first.setPollException(new KafkaException("broker connection lost")));
        // the topic as a new consumer sees it: the same three records, then two more
        MockConsumer<String, String> second = consumerOver(List.of("v0", "v1", "v2", "v3", "v4"), new Consumer[1]);
        Collecting follower = new Collecting(List.of(first, second).iterator());

        follower.start();
        try {
            await().atMost(Duration.ofSeconds(10)).until(() -> follower.applied.size() >= 5);
            await().atMost(Duration.ofSeconds(10)).until(() -> follower.lag() == 0);

            assertThat(follower.applied).containsExactly("v0", "v1", "v2", "v3", "v4");
            assertThat(follower.caughtUpCalls).hasValue(1);
        } finally {
            follower.stop();
        }
        assertThat(follower.isRunning()).isFalse();
    }
}
