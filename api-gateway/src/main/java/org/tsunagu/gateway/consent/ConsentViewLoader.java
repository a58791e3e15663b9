package org.tsunagu.gateway.consent;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.tsunagu.contracts.events.ConsentEvent;

import tools.jackson.databind.json.JsonMapper;

/**
 * Keeps the {@link ConsentView} current: one consumer assigned to every partition of the
 * consent topic, without a group (nothing committed), replaying from the beginning on every
 * start and then following with short polls so revocations take effect within ~100 ms.
 */
public class ConsentViewLoader implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(ConsentViewLoader.class);
    private static final Duration POLL = Duration.ofMillis(100);
    private static final Duration RETRY = Duration.ofSeconds(1);
    private static final Duration LAG_REFRESH = Duration.ofSeconds(5);

    private final String topic;
    private final Supplier<Consumer<String, byte[]>> consumers;
    private final ConsentView view;
    private final JsonMapper mapper;
    private final java.util.function.Consumer<Duration> applyDelay;
    private final AtomicLong lag = new AtomicLong(-1);
    private volatile boolean running;
    private volatile Consumer<String, byte[]> consumer;
    private Thread thread;

    public ConsentViewLoader(String topic, Supplier<Consumer<String, byte[]>> consumers, ConsentView view,
            JsonMapper mapper) {
        this(topic, consumers, view, mapper, delay -> { });
    }

    /**
     * @param applyDelay told, for every change applied once caught up, how long after the consent
     *     change occurred (its event's {@code occurredAt}) this view started enforcing it
     */
    public ConsentViewLoader(String topic, Supplier<Consumer<String, byte[]>> consumers, ConsentView view,
            JsonMapper mapper, java.util.function.Consumer<Duration> applyDelay) {
        this.applyDelay = applyDelay;
        this.topic = topic;
        this.consumers = consumers;
        this.view = view;
        this.mapper = mapper;
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
        thread = new Thread(this::run, "consent-view");
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public synchronized void stop() {
        running = false;
        Consumer<String, byte[]> c = consumer;
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
            try (Consumer<String, byte[]> c = consumers.get()) {
                consumer = c;
                follow(c);
            } catch (WakeupException e) {
                // stopping
            } catch (RuntimeException e) {
                log.warn("Consent view consumer failed, retrying: {}", e.toString());
                pause();
            } finally {
                consumer = null;
            }
        }
    }

    private void follow(Consumer<String, byte[]> c) {
        List<TopicPartition> partitions = waitForPartitions(c);
        if (partitions.isEmpty()) {
            return;
        }
        c.assign(partitions);
        c.seekToBeginning(partitions);
        Map<TopicPartition, Long> target = c.endOffsets(partitions);
        long lagCheckedAt = 0;
        while (running) {
            ConsumerRecords<String, byte[]> records = c.poll(POLL);
            for (ConsumerRecord<String, byte[]> record : records) {
                applyRecord(record);
            }
            if (!view.isCaughtUp() && reached(c, target)) {
                view.markCaughtUp();
                log.info("Consent view caught up: {} consent items", view.size());
            }
            long now = System.nanoTime();
            if (now - lagCheckedAt > LAG_REFRESH.toNanos() || lag.get() < 0) {
                lag.set(lag(c, c.endOffsets(partitions)));
                lagCheckedAt = now;
            }
        }
    }

    private List<TopicPartition> waitForPartitions(Consumer<String, byte[]> c) {
        while (running) {
            List<PartitionInfo> infos = c.partitionsFor(topic);
            if (infos != null && !infos.isEmpty()) {
                return infos.stream().map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            }
            pause();
        }
        return List.of();
    }

    private void applyRecord(ConsumerRecord<String, byte[]> record) {
        if (record.value() == null) {
            String key = record.key();
            if (key != null && key.contains("/")) {
                view.forget(key.substring(key.lastIndexOf('/') + 1));
            }
            return;
        }
        try {
            ConsentEvent event = mapper.readValue(record.value(), ConsentEvent.class);
            if (view.apply(event) && view.isCaughtUp() && event.getOccurredAt() != null) {
                Duration delay = Duration.between(event.getOccurredAt().toInstant(), java.time.Instant.now());
                if (!delay.isNegative()) {
                    applyDelay.accept(delay);
                }
            }
        } catch (RuntimeException e) {
            log.warn("Skipping unreadable consent event at {}-{}@{}", record.topic(), record.partition(),
                    record.offset());
        }
    }

    private static boolean reached(Consumer<String, byte[]> c, Map<TopicPartition, Long> target) {
        return target.entrySet().stream().allMatch(e -> c.position(e.getKey()) >= e.getValue());
    }

    private static long lag(Consumer<String, byte[]> c, Map<TopicPartition, Long> ends) {
        Map<TopicPartition, Long> lags = new HashMap<>();
        ends.forEach((tp, end) -> lags.put(tp, Math.max(0, end - c.position(tp))));
        return lags.values().stream().mapToLong(Long::longValue).sum();
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
