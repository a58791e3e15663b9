package org.tsunagu.consent.outbox;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.springframework.kafka.core.KafkaTemplate;
import org.tsunagu.contracts.events.ConsentEvent;

import tools.jackson.databind.json.JsonMapper;

/** Sends outbox entries to {@code tsunagu.consent-events.v1} and waits for the broker's ack. */
class KafkaConsentEventSink implements ConsentEventSink {

    private final KafkaTemplate<String, ConsentEvent> kafka;
    private final JsonMapper json;
    private final String topic;
    private final Duration ackTimeout;
    private volatile int partitionCount;

    KafkaConsentEventSink(KafkaTemplate<String, ConsentEvent> kafka, JsonMapper json, String topic,
                          Duration ackTimeout) {
        this.kafka = kafka;
        this.json = json;
        this.topic = topic;
        this.ackTimeout = ackTimeout;
    }

    @Override
    public void publish(OutboxEntry entry) throws Exception {
        ConsentEvent event = json.readValue(entry.payload(), ConsentEvent.class);
        int partition = ResidentPartitioner.partitionFor(entry.residentId(), partitionCount());
        kafka.send(new ProducerRecord<>(topic, partition, entry.key(), event))
                .get(ackTimeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    private int partitionCount() {
        int known = partitionCount;
        if (known == 0) {
            // blocks at most max.block.ms when the broker is away; the relay then retries later
            known = kafka.partitionsFor(topic).size();
            partitionCount = known;
        }
        return known;
    }
}
