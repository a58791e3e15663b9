package org.tsunagu.gateway.kafka;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Materialises a compacted topic in memory, the way every gateway instance holds the consent view
 * and the webhook subscriptions: one consumer assigned to every partition, without a group (nothing
 * committed), replaying from the beginning on start, then following with short polls. Once it has
 * read up to where the topic ended when it started, {@link #caughtUp()} runs (once). A consumer that
 * fails is replaced and resumes where the last one stopped, so nothing is read twice and no
 * replay starts over. Subclasses say how a record is applied and what "caught up" means to them.
 */
public abstract class CompactedTopicFollower<V> implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(CompactedTopicFollower.class);
    private static final Duration POLL = Duration.ofMillis(100);
    private static final Duration RETRY = Duration.ofSeconds(1);
    private static final Duration LAG_REFRESH = Duration.ofSeconds(5);

    private final String topic;
    private final Supplier<Consumer<String, V>> consumers;
    private final String threadName;
    private final AtomicLong lag = new AtomicLong(-1);
    /** Where the next consumer resumes (the replay starts from the beginning only once). */
    private final Map<TopicPartition, Long> positions = new HashMap<>();
    private volatile boolean running;
    private volatile Consumer<String, V> consumer;
    private Thread thread;

    protected CompactedTopicFollower(String topic, Supplier<Consumer<String, V>> consumers, String threadName) {
        this.topic = topic;
        this.consumers = consumers;
        this.threadName = threadName;
    }

    /** Applies one record (a null value is a tombstone); must not throw for a bad record. */
    protected abstract void apply(ConsumerRecord<String, V> record);

    /** Whether what this follower feeds has already been marked caught up. */
    protected abstract boolean isCaughtUp();

    /** Called once, when the first replay has reached the topic's end as it was at start. */
    protected abstract void caughtUp();

    /** Records not yet applied (end offsets minus positions), refreshed every few seconds; -1 if unknown. */
    public long lag() {
        return lag.get();
    }

    @Override
    public synchronized void start() {
        if (running) {
            return;
        }
        running = true;
        thread = new Thread(this::run, threadName);
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public synchronized void stop() {
        running = false;
        Consumer<String, V> c = consumer;
        if (c != null) {
            c.wakeup();
        }
        if (thread != null) {
            try {
                thread.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    private void run() {
        while (running) {
            try (Consumer<String, V> c = consumers.get()) {
                consumer = c;
                follow(c);
            } catch (WakeupException e) {
                // stopping
            } catch (RuntimeException e) {
                log.warn("{}: consumer of {} failed, retrying: {}", threadName, topic, e.toString());
                pause();
            } finally {
                consumer = null;
            }
        }
    }

    private void follow(Consumer<String, V> c) {
        List<TopicPartition> partitions = waitForPartitions(c);
        if (partitions.isEmpty()) {
            return;
        }
        c.assign(partitions);
        for (TopicPartition tp : partitions) {
            Long resume = positions.get(tp);
            if (resume == null) {
                c.seekToBeginning(List.of(tp));
            } else {
                c.seek(tp, resume);
            }
        }
        Map<TopicPartition, Long> target = isCaughtUp() ? Map.of() : c.endOffsets(partitions);
        long lagCheckedAt = 0;
        while (running) {
            for (ConsumerRecord<String, V> record : c.poll(POLL)) {
                apply(record);
            }
            for (TopicPartition tp : partitions) {
                positions.put(tp, c.position(tp));
            }
            if (!isCaughtUp() && reached(c, target)) {
                try {
                    caughtUp();
                } catch (RuntimeException e) { // once only: what follows does not undo the catching up
                    log.error("{}: acting on having caught up failed: {}", threadName, e.toString(), e);
                }
            }
            long now = System.nanoTime();
            if (now - lagCheckedAt > LAG_REFRESH.toNanos() || lag.get() < 0) {
                lag.set(lag(c, c.endOffsets(partitions)));
                lagCheckedAt = now;
            }
        }
    }

    private List<TopicPartition> waitForPartitions(Consumer<String, V> c) {
        while (running) {
            List<PartitionInfo> infos = c.partitionsFor(topic);
            if (infos != null && !infos.isEmpty()) {
                return infos.stream().map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            }
            pause();
        }
        return List.of();
    }

    private static boolean reached(Consumer<String, ?> c, Map<TopicPartition, Long> target) {
        return target.entrySet().stream().allMatch(e -> c.position(e.getKey()) >= e.getValue());
    }

    private static long lag(Consumer<String, ?> c, Map<TopicPartition, Long> ends) {
        long sum = 0;
        for (Map.Entry<TopicPartition, Long> e : ends.entrySet()) {
            sum += Math.max(0, e.getValue() - c.position(e.getKey()));
        }
        return sum;
    }

    private void pause() {
        try {
            Thread.sleep(RETRY.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }
}
