package org.tsunagu.audit.kafka;

import java.util.Map;

import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.kafka.config.ConcurrentKafkaListenerContainerFactory;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.listener.ContainerProperties.AckMode;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.kafka.support.serializer.ErrorHandlingDeserializer;
import org.springframework.kafka.support.serializer.JacksonJsonDeserializer;
import org.springframework.util.backoff.ExponentialBackOff;
import org.tsunagu.contracts.events.ConsentEvent;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Kafka wiring of the audit log.
 * <ul>
 * <li>Both topics are declared with the hub's settings, so start order does not matter.</li>
 * <li>Values are JSON read into a fixed contract type (type headers ignored), wrapped in an
 *     {@link ErrorHandlingDeserializer}: a poison message is logged and skipped, never looped.</li>
 * <li>Ack mode {@link AckMode#RECORD}: a record's offset is committed only after its listener
 *     returned, i.e. after its chain entry was committed to the database.</li>
 * <li>A failed DB write is retried with backoff without end: the audit log must not skip a
 *     record because the database was briefly away. Records the database can never take
 *     ({@link DataIntegrityViolationException}) are logged and skipped like poison.</li>
 * </ul>
 */
@Configuration(proxyBeanMethods = false)
class KafkaConfiguration {

    private static final Logger log = LoggerFactory.getLogger(KafkaConfiguration.class);
    private static final String SEVEN_DAYS_MS = "604800000";

    @Bean
    NewTopic accessRecordsTopic() {
        return TopicBuilder.name(Topics.ACCESS_RECORDS)
                .partitions(3)
                .config(TopicConfig.RETENTION_MS_CONFIG, SEVEN_DAYS_MS)
                .build();
    }

    @Bean
    NewTopic consentEventsTopic() {
        return TopicBuilder.name(Topics.CONSENT_EVENTS)
                .partitions(3)
                .config(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT)
                .build();
    }

    @Bean
    DefaultErrorHandler auditErrorHandler() {
        ExponentialBackOff backOff = new ExponentialBackOff(500, 2.0);
        backOff.setMaxInterval(30_000);
        DefaultErrorHandler handler = new DefaultErrorHandler(KafkaConfiguration::skip, backOff);
        // DeserializationException and friends are not retryable by default; neither is this.
        handler.addNotRetryableExceptions(DataIntegrityViolationException.class);
        return handler;
    }

    /** Logs a message the log cannot take, in one line and without its content (it may hold personal data). */
    private static void skip(ConsumerRecord<?, ?> record, Exception e) {
        log.warn("Skipping unreadable message at {}-{}@{} ({})", record.topic(), record.partition(), record.offset(),
                NestedExceptionUtils.getMostSpecificCause(e).getClass().getName());
    }

    @Bean
    ConcurrentKafkaListenerContainerFactory<String, JsonNode> accessRecordListenerFactory(
            KafkaProperties properties, JsonMapper jsonMapper, DefaultErrorHandler errorHandler) {
        // A tree, not the generated type: new channel values must not make a record unreadable.
        return factory(properties, new JacksonJsonDeserializer<>(JsonNode.class, jsonMapper, false), errorHandler);
    }

    @Bean
    ConcurrentKafkaListenerContainerFactory<String, ConsentEvent> consentEventListenerFactory(
            KafkaProperties properties, JsonMapper jsonMapper, DefaultErrorHandler errorHandler) {
        return factory(properties, new JacksonJsonDeserializer<>(ConsentEvent.class, jsonMapper, false), errorHandler);
    }

    private static <T> ConcurrentKafkaListenerContainerFactory<String, T> factory(
            KafkaProperties properties, Deserializer<T> valueDeserializer, DefaultErrorHandler errorHandler) {
        Map<String, Object> config = properties.buildConsumerProperties();
        config.put(ConsumerConfig.GROUP_ID_CONFIG, Topics.GROUP_ID);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.putIfAbsent(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        DefaultKafkaConsumerFactory<String, T> consumerFactory = new DefaultKafkaConsumerFactory<>(config,
                new ErrorHandlingDeserializer<>(new StringDeserializer()),
                new ErrorHandlingDeserializer<>(valueDeserializer));
        ConcurrentKafkaListenerContainerFactory<String, T> factory = new ConcurrentKafkaListenerContainerFactory<>();
        factory.setConsumerFactory(consumerFactory);
        factory.getContainerProperties().setAckMode(AckMode.RECORD);
        factory.setCommonErrorHandler(errorHandler);
        return factory;
    }
}
