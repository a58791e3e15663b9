package org.tsunagu.connectors.events;

import java.time.Clock;
import java.time.Duration;

import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.KafkaTemplate;
import org.tsunagu.connectors.link.ResidentLinks;
import org.tsunagu.contracts.events.MunicipalEvent;

import tools.jackson.databind.json.JsonMapper;

/** Wires municipal event ingest: signature check, outbox, relay and the topic it publishes to. */
@Configuration(proxyBeanMethods = false)
class MunicipalEventsConfiguration {

    @Bean
    NewTopic municipalEventsTopic(@Value("${tsunagu.municipal-events.topic}") String topic) {
        return TopicBuilder.name(topic)
                .partitions(3)
                .replicas(1)
                .config(TopicConfig.RETENTION_MS_CONFIG, "604800000")
                .build();
    }

    @Bean
    NoticeSignature noticeSignature(@Value("${tsunagu.municipal.event-tolerance:5m}") Duration tolerance) {
        return new NoticeSignature(Clock.systemUTC(), tolerance);
    }

    @Bean
    MunicipalEventOutbox municipalEventOutbox(JdbcClient jdbc, JsonMapper json, TransactionTemplate transaction) {
        return new MunicipalEventOutbox(jdbc, json, Clock.systemUTC(), transaction);
    }

    @Bean
    IngestMunicipalEvent ingestMunicipalEvent(ResidentLinks links, MunicipalEventOutbox outbox,
                                              ApplicationEventPublisher events) {
        return new IngestMunicipalEvent(links, outbox, events);
    }

    @Bean
    @ConditionalOnProperty(name = "tsunagu.outbox.relay-enabled", havingValue = "true", matchIfMissing = true)
    MunicipalEventRelay municipalEventRelay(MunicipalEventOutbox outbox, KafkaTemplate<String, MunicipalEvent> kafka,
            @Value("${tsunagu.municipal-events.topic}") String topic,
            @Value("${tsunagu.outbox.poll-interval:500ms}") Duration pollInterval,
            @Value("${tsunagu.outbox.max-backoff:5s}") Duration maxBackoff) {
        return new MunicipalEventRelay(outbox, kafka, topic, pollInterval, maxBackoff);
    }
}
