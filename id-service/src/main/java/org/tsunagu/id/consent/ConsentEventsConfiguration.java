package org.tsunagu.id.consent;

import java.util.Map;

import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.kafka.autoconfigure.ConcurrentKafkaListenerContainerFactoryConfigurer;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.ConcurrentKafkaListenerContainerFactory;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.kafka.support.serializer.ErrorHandlingDeserializer;
import org.springframework.kafka.support.serializer.JacksonJsonDeserializer;
import org.springframework.util.backoff.ExponentialBackOff;
import org.tsunagu.contracts.events.ConsentEvent;
import tools.jackson.databind.json.JsonMapper;

/**
 * Kafka wiring for consent events: the topic declared with the hub's settings (start order does
 * not matter), values read as the contract's {@link ConsentEvent} without type headers, a poison
 * message logged and skipped, a failed database write retried with backoff.
 */
@Configuration(proxyBeanMethods = false)
class ConsentEventsConfiguration {

    static final String TOPIC = "tsunagu.consent-events.v1";
    static final String GROUP_ID = "id-service";

    private static final Logger log = LoggerFactory.getLogger(ConsentEventsConfiguration.class);

    @Bean
    NewTopic consentEventsTopic() {
        return TopicBuilder.name(TOPIC)
                .partitions(3)
                .config(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT)
                .build();
    }

    @Bean
    ConcurrentKafkaListenerContainerFactory<String, ConsentEvent> consentEventListenerFactory(
            KafkaProperties properties, JsonMapper jsonMapper, ConcurrentKafkaListenerContainerFactoryConfigurer configurer) {
        Map<String, Object> config = properties.buildConsumerProperties();
        config.put(ConsumerConfig.GROUP_ID_CONFIG, GROUP_ID);
        config.putIfAbsent(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        DefaultKafkaConsumerFactory<String, ConsentEvent> consumers = new DefaultKafkaConsumerFactory<>(config,
                new ErrorHandlingDeserializer<>(new StringDeserializer()),
                new ErrorHandlingDeserializer<>(new JacksonJsonDeserializer<>(ConsentEvent.class, jsonMapper, false)));
        ConcurrentKafkaListenerContainerFactory<String, ConsentEvent> factory = new ConcurrentKafkaListenerContainerFactory<>();
        @SuppressWarnings({"unchecked", "rawtypes"})
        ConcurrentKafkaListenerContainerFactory<Object, Object> raw = (ConcurrentKafkaListenerContainerFactory) factory;
        configurer.configure(raw, (DefaultKafkaConsumerFactory) consumers);
        ExponentialBackOff backOff = new ExponentialBackOff(500, 2.0);
        backOff.setMaxInterval(30_000);
        factory.setCommonErrorHandler(new DefaultErrorHandler((record, e) -> log.warn(
                "Skipping unreadable consent event at {}-{}@{}", record.topic(), record.partition(), record.offset()), backOff));
        return factory;
    }
}
