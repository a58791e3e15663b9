package org.tsunagu.gateway.webhook;

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

import tools.jackson.databind.json.JsonMapper;

/**
 * Keeps the {@link SubscriptionDirectory} current, like the consent view's loader: one consumer
 * assigned to every partition of {@code tsunagu.webhook-subscriptions.v1}, without a group,
 * replaying from the beginning on start, then following. Once it has read up to where the topic
 * ended at start it marks the directory caught up and runs {@code onCaughtUp} (which starts the
 * municipal-event consumers: no event is matched against a half-loaded directory). A consumer
 * that fails is replaced and resumes where the last one stopped, so nothing is re-applied.
 */
public class SubscriptionDirectoryLoader implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(SubscriptionDirectoryLoader.class);
    private static final Duration POLL = Duration.ofMillis(100);
    private static final Duration RETRY = Duration.ofSeconds(1);
    private static final Duration LAG_REFRESH = Duration.ofSeconds(5);

    private final String topic;
    private final Supplier<Consumer<String, String>> consumers;
    private final SubscriptionDirectory directory;
    private final JsonMapper mapper;
    private final Runnable onCaughtUp;
    private final AtomicLong lag = new AtomicLong(-1);
    /** Where the next consumer resumes (the replay starts from the beginning only once). */
    private final Map<TopicPartition, Long> positions = new HashMap<>();
    private volatile boolean running;
    private volatile Consumer<String, String> consumer;
    private Thread thread;

    public SubscriptionDirectoryLoader(String topic, Supplier<Consumer<String, String>> consumers,
            SubscriptionDirectory directory, JsonMapper mapper, Runnable onCaughtUp) {
        this.topic = topic;
        this.consumers = consumers;
        this.directory = directory;
        this.mapper = mapper;
        this.onCaughtUp = onCaughtUp;
    }

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
        thread = new Thread(this::run, "subscription-directory");
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public synchronized void stop() {
        running = false;
        Consumer<String, String> c = consumer;
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
            try (Consumer<String, String> c = consumers.get()) {
                consumer = c;
                follow(c);
            } catch (WakeupException e) {
                // stopping
            } catch (RuntimeException e) {
                log.warn("Subscription directory consumer failed, retrying: {}", e.toString());
                pause();
            } finally {
                consumer = null;
            }
        }
    }

    private void follow(Consumer<String, String> c) {
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
        Map<TopicPartition, Long> target = directory.isCaughtUp() ? Map.of() : c.endOffsets(partitions);
        long lagCheckedAt = 0;
        while (running) {
            for (ConsumerRecord<String, String> record : c.poll(POLL)) {
                apply(record);
            }
            for (TopicPartition tp : partitions) {
                positions.put(tp, c.position(tp));
            }
            if (!directory.isCaughtUp() && reached(c, target)) {
                directory.markCaughtUp();
                log.info("Subscription directory caught up: {} subscriptions", directory.size());
                caughtUp();
            }
            long now = System.nanoTime();
            if (now - lagCheckedAt > LAG_REFRESH.toNanos() || lag.get() < 0) {
                lag.set(lag(c, c.endOffsets(partitions)));
                lagCheckedAt = now;
            }
        }
    }

    private void caughtUp() {
        try {
            onCaughtUp.run();
        } catch (RuntimeException e) { // once only: the directory stays caught up whatever follows
            log.error("Starting what waited for the subscription directory failed: {}", e.toString(), e);
        }
    }

    private List<TopicPartition> waitForPartitions(Consumer<String, String> c) {
        while (running) {
            List<PartitionInfo> infos = c.partitionsFor(topic);
            if (infos != null && !infos.isEmpty()) {
                return infos.stream().map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            }
            pause();
        }
        return List.of();
    }

    private void apply(ConsumerRecord<String, String> record) {
        String id = record.key();
        if (id == null) {
            log.warn("Skipping keyless subscription record at {}-{}@{}", record.topic(), record.partition(),
                    record.offset());
            return;
        }
        Subscription s = null;
        if (record.value() != null) {
            try {
                s = mapper.readValue(record.value(), Subscription.class);
            } catch (RuntimeException e) {
                s = null;
            }
            if (!complete(s, id)) {
                // never the value itself: it holds the signing secret
                log.warn("Skipping unreadable subscription record at {}-{}@{}", record.topic(), record.partition(),
                        record.offset());
                return;
            }
        }
        directory.read(id, s, record.partition(), record.offset());
    }

    private static boolean complete(Subscription s, String key) {
        return s != null && key.equals(s.id()) && s.appId() != null && s.eventType() != null && s.url() != null
                && s.purpose() != null && s.secret() != null && s.createdAt() != null;
    }

    private static boolean reached(Consumer<String, String> c, Map<TopicPartition, Long> target) {
        return target.entrySet().stream().allMatch(e -> c.position(e.getKey()) >= e.getValue());
    }

    private static long lag(Consumer<String, String> c, Map<TopicPartition, Long> ends) {
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
