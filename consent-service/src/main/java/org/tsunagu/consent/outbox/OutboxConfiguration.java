package org.tsunagu.consent.outbox;

import java.time.Duration;

import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.KafkaTemplate;
import org.tsunagu.contracts.events.ConsentEvent;

import tools.jackson.databind.json.JsonMapper;

/** Wires the consent-events topic, the Kafka sink and the relay worker. */
@Configuration(proxyBeanMethods = false)
class OutboxConfiguration {

    @Bean
    NewTopic consentEventsTopic(@Value("${tsunagu.consent-events.topic:tsunagu.consent-events.v1}") String topic) {
        return TopicBuilder.name(topic)
                .partitions(3)
                .replicas(1)
                .config(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT)
                .build();
    }

    @Bean
    ConsentEventSink consentEventSink(KafkaTemplate<String, ConsentEvent> kafka, JsonMapper json,
            @Value("${tsunagu.consent-events.topic:tsunagu.consent-events.v1}") String topic,
            @Value("${tsunagu.outbox.ack-timeout:10s}") Duration ackTimeout) {
        return new KafkaConsentEventSink(kafka, json, topic, ackTimeout);
    }

    @Bean
    OutboxRelay outboxRelay(OutboxStore store, ConsentEventSink sink,
                            @Value("${tsunagu.outbox.batch-size:100}") int batchSize) {
        return new OutboxRelay(store, sink, batchSize);
    }

    @Bean
    @ConditionalOnProperty(name = "tsunagu.outbox.relay-enabled", havingValue = "true", matchIfMissing = true)
    OutboxRelayWorker outboxRelayWorker(OutboxRelay relay,
            @Value("${tsunagu.outbox.poll-interval:500ms}") Duration pollInterval,
            @Value("${tsunagu.outbox.max-backoff:5s}") Duration maxBackoff) {
        return new OutboxRelayWorker(relay, pollInterval, maxBackoff);
    }
}
