package org.tsunagu.gateway.consent;

import java.util.Map;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;

import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.TopicBuilder;

import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/** Wires the consent view: topic declaration, the replaying consumer, readiness and gauges. */
@Configuration
public class ConsentViewConfig {

    @Bean
    NewTopic consentEventsTopic(@Value("${tsunagu.consent-events.topic}") String topic) {
        return TopicBuilder.name(topic).partitions(3)
                .config(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT).build();
    }

    @Bean
    ConsentView consentView() {
        return new ConsentView();
    }

    @Bean
    ConsentViewLoader consentViewLoader(@Value("${tsunagu.consent-events.topic}") String topic,
            KafkaProperties kafka, ConsentView view, MeterRegistry meters) {
        Map<String, Object> props = kafka.buildConsumerProperties();
        props.remove(ConsumerConfig.GROUP_ID_CONFIG); // no group: nothing committed, full replay on start
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, "api-gateway-consent-view");
        props.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false); // declared with its settings, never by accident
        JsonMapper mapper = JsonMapper.builder().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();
        // consent change recorded -> enforced here: outbox relay, broker, this consumer (revocation latency)
        Timer applyDelay = Timer.builder("tsunagu.consent.view.apply.delay")
                .description("Time from a consent change to this gateway enforcing it (live changes only)")
                .publishPercentiles(0.5, 0.99).register(meters);
        return new ConsentViewLoader(topic,
                () -> new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer()), view, mapper,
                applyDelay::record);
    }

    /** Contributes as {@code consentView} to health and to the readiness group. */
    @Bean
    ConsentViewHealthIndicator consentViewHealthIndicator(ConsentView view, ConsentViewLoader loader) {
        return new ConsentViewHealthIndicator(view, loader);
    }

    @Bean
    MeterBinder consentViewGauges(ConsentView view, ConsentViewLoader loader) {
        return registry -> {
            Gauge.builder("tsunagu.consent.view.size", view, ConsentView::size).register(registry);
            Gauge.builder("tsunagu.consent.view.lag", loader, ConsentViewLoader::lag).register(registry);
            // a double holds 53 bits exactly: the digest's top 53 bits; the full 64 are in the health details
            Gauge.builder("tsunagu.consent.view.digest", view, v -> (double) (v.digest() >>> 11))
                    .description("Order-independent digest of the consent view (top 53 bits); equal on instances "
                            + "that hold the same consent items")
                    .register(registry);
        };
    }
}
