package org.tsunagu.gateway.audit;

import java.time.Duration;
import java.util.Map;

import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.support.ProducerListener;
import org.springframework.kafka.support.serializer.JacksonJsonSerializer;
import org.tsunagu.contracts.events.AccessRecord;
import org.tsunagu.gateway.kafka.BoundedDurableProducer;

/** The access-record topic and a producer that fails fast (~2-3 s) instead of hanging a read. */
@Configuration
public class AccessRecordConfig {

    @Bean
    NewTopic accessRecordsTopic(@Value("${tsunagu.access-records.topic}") String topic) {
        return TopicBuilder.name(topic).partitions(3)
                .config(TopicConfig.RETENTION_MS_CONFIG, "604800000").build();
    }

    @Bean
    AccessRecordSink accessRecordSink(KafkaProperties kafka,
            @Value("${tsunagu.access-records.topic}") String topic,
            @Value("${tsunagu.access-records.max-block:2s}") Duration maxBlock,
            @Value("${tsunagu.access-records.request-timeout:2s}") Duration requestTimeout,
            @Value("${tsunagu.access-records.delivery-timeout:3s}") Duration deliveryTimeout) {
        Map<String, Object> props = kafka.buildProducerProperties();
        props.putAll(producerSettings(maxBlock, requestTimeout, deliveryTimeout));
        return new KafkaAccessRecordSink(template(props), topic, maxBlock.plus(deliveryTimeout).plusMillis(500));
    }

    /** Durable, idempotent, bounded in time. */
    static Map<String, Object> producerSettings(Duration maxBlock, Duration requestTimeout, Duration deliveryTimeout) {
        return BoundedDurableProducer.settings("api-gateway-access-records", maxBlock, requestTimeout, deliveryTimeout);
    }

    static KafkaTemplate<String, AccessRecord> template(Map<String, Object> props) {
        var factory = new DefaultKafkaProducerFactory<String, AccessRecord>(props, new StringSerializer(),
                new JacksonJsonSerializer<AccessRecord>().noTypeInfo());
        var template = new KafkaTemplate<>(factory);
        // the default listener logs whole payloads on failure; KafkaAccessRecordSink logs without personal data
        template.setProducerListener(new ProducerListener<>() { });
        return template;
    }
}
