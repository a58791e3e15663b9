package org.tsunagu.connectors.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.support.SendResult;
import org.tsunagu.connectors.ConnectorsSpringTest;
import org.tsunagu.contracts.events.MunicipalEvent;

/**
 * Two connectors instances on one database (the distributed profile, ADR 0050), each with its own
 * relay and producer, against the real broker: every stored event goes out once. Only the
 * database row lock keeps the relays from sending the same batch.
 */
class MunicipalEventRelayAcrossInstancesTest extends ConnectorsSpringTest {

    @Autowired
    private MunicipalEventOutbox outbox;

    @Autowired
    private MunicipalEventRelay relay;

    @Autowired
    private KafkaTemplate<String, MunicipalEvent> kafka;

    @Value("${tsunagu.municipal-events.topic}")
    private String topic;

    @BeforeEach
    void stopRelay() {
        relay.stop();
    }

    @AfterEach
    void restartRelay() {
        relay.start();
    }

    @Test
    void givenTwoRelaysOnOneOutbox_whenBothRunAtOnce_thenEachEventIsSentOnce() throws Exception {
        List<UUID> stored = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            MunicipalEvent event = new MunicipalEvent(UUID.randomUUID(), "vaccination-due", OffsetDateTime.now(),
                    "RID-RELAYS-" + (i % 7), "vaccination-records");
            assertThat(outbox.append(event)).isTrue();
            stored.add(event.getEventId());
        }
        List<UUID> sent = Collections.synchronizedList(new ArrayList<>());
        List<MunicipalEventRelay> relays = new ArrayList<>();
        for (int instance = 0; instance < 2; instance++) {
            KafkaTemplate<String, MunicipalEvent> producer = new KafkaTemplate<>(kafka.getProducerFactory()) {
                @Override
                public CompletableFuture<SendResult<String, MunicipalEvent>> send(
                        ProducerRecord<String, MunicipalEvent> record) {
                    sent.add(record.value().getEventId());
                    return super.send(record);
                }
            };
            relays.add(new MunicipalEventRelay(outbox, producer, topic, Duration.ofMillis(10), Duration.ofMillis(20)));
        }
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<Integer>> runs = new ArrayList<>();
            for (MunicipalEventRelay r : relays) {
                runs.add(pool.submit(() -> {
                    start.await();
                    int published = 0;
                    for (int n = r.relayPending(); n > 0; n = r.relayPending()) {
                        published += n;
                    }
                    return published;
                }));
            }
            start.countDown();
            int published = 0;
            for (Future<Integer> run : runs) {
                published += run.get(60, TimeUnit.SECONDS);
            }
            assertThat(published).isGreaterThanOrEqualTo(300);
        } finally {
            pool.shutdownNow();
        }

        assertThat(sent).as("each event sent once").doesNotHaveDuplicates().containsAll(stored);
        assertThat(outbox.pending(10)).isEmpty();
    }
}
