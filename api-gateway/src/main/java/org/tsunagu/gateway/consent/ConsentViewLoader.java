package org.tsunagu.gateway.consent;

import java.time.Duration;
import java.util.function.Supplier;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tsunagu.contracts.events.ConsentEvent;
import org.tsunagu.gateway.kafka.CompactedTopicFollower;

import tools.jackson.databind.json.JsonMapper;

/**
 * Keeps the {@link ConsentView} current: one consumer assigned to every partition of the
 * consent topic, without a group (nothing committed), replaying from the beginning on every
 * start and then following with short polls so revocations take effect within ~100 ms
 * ({@link CompactedTopicFollower}).
 */
public class ConsentViewLoader extends CompactedTopicFollower<byte[]> {

    private static final Logger log = LoggerFactory.getLogger(ConsentViewLoader.class);

    private final ConsentView view;
    private final JsonMapper mapper;
    private final java.util.function.Consumer<Duration> applyDelay;

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
        super(topic, consumers, "consent-view");
        this.applyDelay = applyDelay;
        this.view = view;
        this.mapper = mapper;
    }

    @Override
    protected boolean isCaughtUp() {
        return view.isCaughtUp();
    }

    @Override
    protected void caughtUp() {
        view.markCaughtUp();
        log.info("Consent view caught up: {} consent items", view.size());
    }

    @Override
    protected void apply(ConsumerRecord<String, byte[]> record) {
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
}
