package org.tsunagu.consent.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.tsunagu.consent.ledger.Consent;
import org.tsunagu.consent.ledger.ConsentChange;
import org.tsunagu.contracts.events.ConsentEvent;

import tools.jackson.databind.json.JsonMapper;

/**
 * The relay is killed between the broker's ack and marking the entry published. Nothing is lost:
 * a fresh relay (the restarted process) publishes the entry again with the same event id, and a
 * consumer that remembers event ids (as the hub's consumers do) applies it once, in order.
 */
class OutboxCrashRecoveryTest {

    /** Thrown where the process "dies": it is an Error, so nothing in the relay catches it. */
    static final class ProcessKilled extends Error {
        ProcessKilled() {
            super("kill -9");
        }
    }

    /** The outbox table: survives the crash, because it is the committed database. */
    static final class DurableOutbox implements OutboxStore {
        final TreeMap<Long, OutboxEntry> rows = new TreeMap<>();
        final Set<Long> published = new HashSet<>();
        long killBeforeMarking = -1;

        @Override
        public List<OutboxEntry> nextUnpublished(int limit) {
            return rows.values().stream().filter(e -> !published.contains(e.seq())).limit(limit).toList();
        }

        @Override
        public void markPublished(long seq) {
            if (seq == killBeforeMarking) {
                killBeforeMarking = -1;
                throw new ProcessKilled();
            }
            published.add(seq);
        }
    }

    /** The topic: every acked record, duplicates included. */
    static final class Topic implements ConsentEventSink {
        final List<OutboxEntry> records = new ArrayList<>();

        @Override
        public void publish(OutboxEntry entry) {
            records.add(entry);
        }
    }

    /** A consumer that dedupes on event id and checks each item's versions arrive in order. */
    static final class DedupingConsumer {
        final Set<UUID> seen = new HashSet<>();
        final Map<String, Integer> lastVersion = new HashMap<>();
        final List<UUID> applied = new ArrayList<>();

        void consume(List<OutboxEntry> records) {
            for (OutboxEntry record : records) {
                ConsentEvent event = JSON.readValue(record.payload(), ConsentEvent.class);
                if (!seen.add(event.getEventId())) {
                    continue;
                }
                int version = event.getConsent().getVersion();
                Integer previous = lastVersion.put(event.getConsent().getConsentId(), version);
                assertThat(previous == null ? 0 : previous).as("versions in order").isLessThan(version);
                applied.add(event.getEventId());
            }
        }
    }

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final DurableOutbox outbox = new DurableOutbox();
    private final Topic topic = new Topic();

    @Test
    void givenRelayKilledAfterAckBeforeMark_whenFreshRelayRuns_thenSameEventIdRepublishedAndConsumerAppliesOnce() {
        Consent granted = Consent.granted("c-1", "RID-1", "app", "resident-basic", "notification",
                Instant.parse("2026-01-01T00:00:00Z"), Instant.parse("2027-01-01T00:00:00Z"));
        Consent revoked = granted.revoke(Instant.parse("2026-02-01T00:00:00Z"));
        append(1, granted, ConsentChange.GRANTED);
        append(2, revoked, ConsentChange.REVOKED);
        outbox.killBeforeMarking = 1;

        assertThatThrownBy(() -> new OutboxRelay(outbox, topic, 10).relayPending()).isInstanceOf(ProcessKilled.class);
        assertThat(topic.records).extracting(OutboxEntry::seq).containsExactly(1L);
        assertThat(outbox.nextUnpublished(10)).extracting(OutboxEntry::seq).containsExactly(1L, 2L);

        RelayRun afterRestart = new OutboxRelay(outbox, topic, 10).relayPending();

        assertThat(afterRestart.failed()).isFalse();
        assertThat(topic.records).extracting(OutboxEntry::seq).containsExactly(1L, 1L, 2L);
        assertThat(topic.records.get(0).eventId()).isEqualTo(topic.records.get(1).eventId());
        assertThat(outbox.nextUnpublished(10)).isEmpty();
        DedupingConsumer consumer = new DedupingConsumer();
        consumer.consume(topic.records);
        assertThat(consumer.applied).containsExactly(topic.records.get(0).eventId(), topic.records.get(2).eventId());
        assertThat(consumer.lastVersion).containsEntry("c-1", 2);
    }

    private void append(long seq, Consent consent, ConsentChange change) {
        ConsentEvent event = TransactionalOutbox.toEvent(consent, change, UUID.randomUUID(), consent.updatedAt());
        outbox.rows.put(seq, new OutboxEntry(seq, event.getEventId(), consent.residentId(), consent.consentId(),
                JSON.writeValueAsString(event)));
    }
}
