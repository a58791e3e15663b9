package org.tsunagu.audit.kafka;

import java.util.Map;

import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
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
import org.springframework.kafka.listener.ErrorHandlingUtils;
import org.springframework.kafka.listener.RetryListener;
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
 * <li>Batch listeners: each poll is appended to the chain in one transaction
 *     ({@link PollAppender}, {@code ChainWriter.appendAll}): one lock, one head read, one
 *     duplicate query, one JDBC batch insert per poll instead of per record.</li>
 * <li>Values are JSON read into a fixed contract type (type headers ignored), wrapped in an
 *     {@link ErrorHandlingDeserializer}: a poison message reaches the batch listener as a null
 *     value with the failure in a header, and is logged (without content) and skipped, never looped.
 *     Incomplete messages are logged and skipped the same way.</li>
 * <li>Ack mode {@link AckMode#BATCH}: a poll's offsets are committed (synchronously, once) only
 *     after the listener returned, i.e. after the poll's chain entries were committed to the database.</li>
 * <li>A failed DB write (or an app directory that does not answer) fails the whole poll, which
 *     the {@link DefaultErrorHandler}'s fallback batch handler redelivers as a whole, with backoff
 *     (0.5 s doubling to 30 s) without end: the audit log must not skip a record because the database
 *     was briefly away, and the transaction made the failed attempt leave nothing behind. A record
 *     the database can never take ({@link DataIntegrityViolationException}, e.g. a value longer than
 *     its column) is found by appending that poll one record at a time, and only it is logged and
 *     skipped. Nothing the listener throws is classified as not retryable here: with a batch listener
 *     that would skip the whole poll.</li>
 * <li>Fetching lets polls grow under load without delaying a quiet hub much: the broker answers a
 *     fetch once {@value #FETCH_MIN_BYTES} bytes (≈ 40 access records) are ready or after
 *     {@value #FETCH_MAX_WAIT_MS} ms, and a poll takes at most {@value #MAX_POLL_RECORDS} records. The
 *     added worst-case delay before a record shows in the resident's access log is therefore
 *     {@value #FETCH_MAX_WAIT_MS} ms (the record is already durable in Kafka before the gateway
 *     answers). The wait is also how often an idle consumer asks the broker: a short one (it was
 *     50 ms) kept the broker busy on a quiet hub (ADR 0048). Each can be overridden with the
 *     {@code spring.kafka.consumer.*} properties.</li>
 * </ul>
 */
@Configuration(proxyBeanMethods = false)
class KafkaConfiguration {

    private static final Logger log = LoggerFactory.getLogger(KafkaConfiguration.class);
    private static final String SEVEN_DAYS_MS = "604800000";
    static final int FETCH_MIN_BYTES = 16_384;
    static final int FETCH_MAX_WAIT_MS = 500;
    static final int MAX_POLL_RECORDS = 500;

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
        // Nothing added as not retryable: for a batch listener that means the whole poll skipped.
        // PollAppender skips just the record the database cannot take.
        handler.setRetryListeners(new RetryListener() {
            @Override
            public void failedDelivery(ConsumerRecord<?, ?> record, Exception e, int attempt) {
                log.warn("Audit write of {}-{}@{} failed (attempt {}, {}); retrying", record.topic(),
                        record.partition(), record.offset(), attempt, cause(e));
            }

            @Override
            public void failedDelivery(ConsumerRecords<?, ?> poll, Exception e, int attempt) {
                log.warn("Audit write of a poll of {} records failed (attempt {}, {}); retrying the poll",
                        poll.count(), attempt, cause(e));
            }
        });
        return handler;
    }

    /** Logs a message the log cannot take, in one line and without its content (it may hold personal data). */
    private static void skip(ConsumerRecord<?, ?> record, Exception e) {
        log.warn("Skipping unreadable message at {}-{}@{} ({})", record.topic(), record.partition(), record.offset(),
                NestedExceptionUtils.getMostSpecificCause(e).getClass().getName());
    }

    /** The listener's exception, not the container's wrapper (its message may hold content: not logged). */
    private static String cause(Exception e) {
        Exception thrown = ErrorHandlingUtils.findRootCause(e);
        return (thrown == null ? e : thrown).getClass().getName();
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
        config.putIfAbsent(ConsumerConfig.FETCH_MIN_BYTES_CONFIG, FETCH_MIN_BYTES);
        config.putIfAbsent(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, FETCH_MAX_WAIT_MS);
        config.putIfAbsent(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, MAX_POLL_RECORDS);
        DefaultKafkaConsumerFactory<String, T> consumerFactory = new DefaultKafkaConsumerFactory<>(config,
                new ErrorHandlingDeserializer<>(new StringDeserializer()),
                new ErrorHandlingDeserializer<>(valueDeserializer));
        ConcurrentKafkaListenerContainerFactory<String, T> factory = new ConcurrentKafkaListenerContainerFactory<>();
        factory.setConsumerFactory(consumerFactory);
        factory.setBatchListener(true);
        factory.getContainerProperties().setAckMode(AckMode.BATCH);
        factory.setCommonErrorHandler(errorHandler);
        return factory;
    }
}
