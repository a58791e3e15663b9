package org.tsunagu.consent.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.tsunagu.consent.support.ConsentServiceIntegrationTest;
import org.tsunagu.contracts.events.ConsentEvent;

/**
 * The outbox across a crash, with the real pieces: H2 (Flyway schema), the real
 * {@link JdbcOutboxStore} and {@link KafkaConsentEventSink}, the embedded broker's topic. The relay
 * worker is stopped so the test decides when a relay pass runs; "the process dies" is an
 * {@link Error} thrown where kill -9 would strike, which nothing in the relay catches.
 */
class OutboxCrashIntegrationTest extends ConsentServiceIntegrationTest {

    /** Where the process "dies": an Error, so the relay cannot treat it as a failed publish. */
    static final class ProcessKilled extends Error {
        ProcessKilled() {
            super("kill -9");
        }
    }

    /** Test-only decorator: the real sink publishes and the broker acks, then the process dies. */
    static final class DiesAfterAck implements ConsentEventSink {
        private final ConsentEventSink real;
        private final UUID victim;

        DiesAfterAck(ConsentEventSink real, UUID victim) {
            this.real = real;
            this.victim = victim;
        }

        @Override
        public void publish(OutboxEntry entry) throws Exception {
            real.publish(entry);
            if (entry.eventId().equals(victim)) {
                throw new ProcessKilled();
            }
        }
    }

    /** A consumer as the hub's consumers are: remembers event ids, applies each item's versions in order. */
    static final class DedupingConsumer {
        final Set<UUID> seen = new HashSet<>();
        final Map<String, Integer> lastVersion = new HashMap<>();
        final List<ConsentEvent> applied = new ArrayList<>();

        void consume(List<ConsumerRecord<String, String>> records) {
            for (ConsumerRecord<String, String> record : records) {
                ConsentEvent event = JSON.readValue(record.value(), ConsentEvent.class);
                if (!seen.add(event.getEventId())) {
                    continue;
                }
                int version = event.getConsent().getVersion();
                Integer previous = lastVersion.put(event.getConsent().getConsentId(), version);
                assertThat(previous == null ? 0 : previous).as("versions in order").isLessThan(version);
                applied.add(event);
            }
        }
    }

    @Autowired
    private OutboxRelayWorker worker;

    @Autowired
    private OutboxStore store;

    @Autowired
    private ConsentEventSink sink;

    @BeforeEach
    void stopRelay() {
        worker.stop();
    }

    @AfterEach
    void restartRelay() {
        worker.start();
    }

    @Test
    void givenRelayKilledAfterBrokerAckBeforeMarkingPublished_whenRelayRunsAgain_thenSameEventIdRepublishedAndAppliedOnce() {
        String resident = "RID-CRASH-" + UUID.randomUUID();
        String consentId = grant(resident, "aizu-vaccine-notebook", "resident-basic", "notification")
                .json().get("consentId").asString();
        assertThat(revoke(resident, consentId).status()).isEqualTo(200);
        List<UUID> eventIds = unpublishedEventIds(resident);
        assertThat(eventIds).hasSize(2);
        UUID granted = eventIds.get(0);
        UUID revoked = eventIds.get(1);

        OutboxRelay dying = new OutboxRelay(store, new DiesAfterAck(sink, granted), 100);
        assertThatThrownBy(dying::relayPending).isInstanceOf(ProcessKilled.class);

        assertThat(eventIdsOf(recordsOf(resident))).as("acked by the broker before the crash")
                .containsExactly(granted);
        assertThat(unpublishedEventIds(resident)).as("the crash came before marking it published")
                .containsExactly(granted, revoked);

        worker.start(); // the restarted process
        awaitNothingUnpublished(resident);

        List<ConsumerRecord<String, String>> records = recordsOf(resident);
        assertThat(eventIdsOf(records)).as("the duplicate carries the same event id")
                .containsExactly(granted, granted, revoked);
        assertThat(records).extracting(ConsumerRecord::partition).as("one resident, one partition").containsOnly(
                records.get(0).partition());
        assertThat(records).extracting(ConsumerRecord::offset).isSorted();
        DedupingConsumer consumer = new DedupingConsumer();
        consumer.consume(records);
        assertThat(consumer.applied).extracting(ConsentEvent::getEventId).containsExactly(granted, revoked);
        assertThat(consumer.applied).extracting(ConsentEvent::getEventType).containsExactly(
                ConsentEvent.EventTypeEnum.CONSENT_GRANTED, ConsentEvent.EventTypeEnum.CONSENT_REVOKED);
        assertThat(consumer.lastVersion).containsExactly(Map.entry(consentId, 2));
    }

    @Test
    void givenProcessDiedAfterDatabaseCommitBeforeAnyPublish_whenRelayRunsAgain_thenEventPublishedOnce() {
        String resident = "RID-CRASH-" + UUID.randomUUID();
        String consentId = grant(resident, "bandai-school-notice", "resident-basic", "notification")
                .json().get("consentId").asString();
        List<UUID> committed = unpublishedEventIds(resident);
        assertThat(committed).as("committed with the grant, not yet published").hasSize(1);
        assertThat(recordsOf(resident)).isEmpty();

        worker.start(); // the restarted process
        awaitNothingUnpublished(resident);

        List<ConsumerRecord<String, String>> records = recordsOf(resident);
        assertThat(eventIdsOf(records)).containsExactly(committed.get(0));
        assertThat(records.get(0).key()).isEqualTo(resident + "/" + consentId);
    }

    private List<UUID> unpublishedEventIds(String residentId) {
        return jdbc.sql("SELECT event_id FROM consent_outbox WHERE resident_id = ? AND published_at IS NULL "
                        + "ORDER BY seq")
                .param(residentId).query(UUID.class).list();
    }

    private void awaitNothingUnpublished(String residentId) {
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> unpublishedEventIds(residentId).isEmpty());
    }

    private static List<UUID> eventIdsOf(List<ConsumerRecord<String, String>> records) {
        return records.stream().map(record -> JSON.readValue(record.value(), ConsentEvent.class).getEventId())
                .toList();
    }

    /** Everything on the topic right now for the resident, read from the start up to the end offsets. */
    private List<ConsumerRecord<String, String>> recordsOf(String residentId) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString());
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        List<ConsumerRecord<String, String>> matched = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props)) {
            List<TopicPartition> partitions = consumer.partitionsFor(TOPIC).stream()
                    .map(info -> new TopicPartition(TOPIC, info.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            Awaitility.await().atMost(Duration.ofSeconds(20)).pollDelay(Duration.ZERO).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(record -> {
                    if (record.key() != null && record.key().startsWith(residentId + "/")) {
                        matched.add(record);
                    }
                });
                return partitions.stream().allMatch(p -> consumer.position(p) >= end.get(p));
            });
        }
        return matched;
    }
}
