package org.tsunagu.consent.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.support.serializer.JacksonJsonSerializer;
import org.tsunagu.consent.ledger.Consent;
import org.tsunagu.consent.ledger.ConsentChange;
import org.tsunagu.contracts.events.ConsentEvent;

import tools.jackson.databind.json.JsonMapper;

/** With the broker away the sink gives up within a few seconds, so the relay can back off and retry. */
class KafkaConsentEventSinkTest {

    @Test
    void givenUnreachableBroker_whenPublishing_thenFailsQuickly() {
        DefaultKafkaProducerFactory<String, ConsentEvent> factory = new DefaultKafkaProducerFactory<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:1",
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, JacksonJsonSerializer.class,
                ProducerConfig.MAX_BLOCK_MS_CONFIG, 1000,
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 2000,
                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 1000));
        JsonMapper json = JsonMapper.builder().build();
        KafkaConsentEventSink sink = new KafkaConsentEventSink(new KafkaTemplate<>(factory), json,
                "tsunagu.consent-events.v1", Duration.ofSeconds(5));
        Instant now = Instant.now();
        Consent consent = Consent.granted("c-1", "RID-1", "app", "resident-basic", "notification", now,
                now.plusSeconds(60));
        ConsentEvent event = TransactionalOutbox.toEvent(consent, ConsentChange.GRANTED, UUID.randomUUID(), now);
        OutboxEntry entry = new OutboxEntry(1, event.getEventId(), "RID-1", "c-1", json.writeValueAsString(event));
        long started = System.nanoTime();

        try {
            assertThatThrownBy(() -> sink.publish(entry)).isInstanceOf(Exception.class);
        } finally {
            factory.destroy();
        }

        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(8));
    }
}
