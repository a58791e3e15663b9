package org.tsunagu.audit;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.tsunagu.audit.kafka.Topics;
import org.tsunagu.contracts.events.AccessRecord;

/** Puts access records on the topic and waits until they are in the chain. */
public abstract class ChainFixtures extends AuditSpringTest {

    protected static final Duration BOUND = Duration.ofSeconds(30);

    protected static AccessRecord record(String residentId, String appId, String category,
                                         AccessRecord.DecisionEnum decision, String reason) {
        return new AccessRecord(UUID.randomUUID(), OffsetDateTime.now(ZoneOffset.UTC), residentId, appId, category,
                decision, reason, AccessRecord.ChannelEnum.API_READ)
                .purpose("service-provision")
                .consentId(decision == AccessRecord.DecisionEnum.ALLOWED ? "C-1" : null)
                .correlationId("corr-" + UUID.randomUUID().toString().substring(0, 8));
    }

    protected static AccessRecord allowed(String residentId) {
        return record(residentId, "app-kenko", "vaccination-records", AccessRecord.DecisionEnum.ALLOWED, "granted");
    }

    protected void publish(AccessRecord record) {
        send(Topics.ACCESS_RECORDS, record.getResidentId(), JSON.writeValueAsString(record));
    }

    /** Publishes the records and returns their chain sequence numbers once all are chained. */
    protected List<Long> publishAndAwait(JdbcClient jdbc, AccessRecord... records) {
        for (AccessRecord r : records) {
            publish(r);
        }
        List<String> ids = java.util.Arrays.stream(records).map(r -> r.getRecordId().toString()).toList();
        await().atMost(BOUND).until(() -> sequencesOf(jdbc, ids).size() == ids.size());
        return sequencesOf(jdbc, ids);
    }

    private static List<Long> sequencesOf(JdbcClient jdbc, List<String> ids) {
        return ids.stream().flatMap(id -> jdbc.sql("SELECT seq FROM audit_entry WHERE entry_id = ?").param(id)
                .query(Long.class).optional().stream()).toList();
    }

    protected static String newResident() {
        return "RID-" + UUID.randomUUID();
    }
}
