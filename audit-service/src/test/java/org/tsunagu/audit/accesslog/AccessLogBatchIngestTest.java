package org.tsunagu.audit.accesslog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.tsunagu.audit.ChainFixtures;
import org.tsunagu.audit.kafka.Topics;
import org.tsunagu.contracts.events.AccessRecord;

/**
 * The access-record listener takes a whole poll per transaction: duplicates, poison, content the
 * database cannot store and a database that fails for a while, each inside one batch of messages.
 */
class AccessLogBatchIngestTest extends ChainFixtures {

    @Autowired
    private JdbcClient jdbc;

    @Autowired
    private DataSource dataSource;

    private static String json(AccessRecord r) {
        return JSON.writeValueAsString(r);
    }

    private long copies(AccessRecord r) {
        return jdbc.sql("SELECT COUNT(*) FROM audit_entry WHERE entry_id = ?").param(r.getRecordId().toString())
                .query(Long.class).single();
    }

    private List<Long> sequencesOf(String resident) {
        return jdbc.sql("SELECT seq FROM audit_entry WHERE resident_id = ? ORDER BY seq").param(resident)
                .query(Long.class).list();
    }

    private boolean chainVerifies() {
        return json(httpGet("/v1/audit/verification", operatorToken())).path("ok").asBoolean();
    }

    private static void assertContiguous(List<Long> sequences) {
        for (int i = 1; i < sequences.size(); i++) {
            assertThat(sequences.get(i)).as("sequence after %d", sequences.get(i - 1))
                    .isEqualTo(sequences.get(i - 1) + 1);
        }
    }

    @Test
    void givenBatchWithDuplicatesInsideAndAlreadyStoredRecords_whenIngested_thenEachOnceContiguousAndVerified() {
        String resident = newResident();
        AccessRecord earlier = allowed(resident);
        publishAndAwait(jdbc, earlier);
        List<AccessRecord> fresh = new ArrayList<>();
        List<String> batch = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            AccessRecord r = allowed(resident);
            fresh.add(r);
            batch.add(json(r));
            if (i % 5 == 0) {
                batch.add(json(r)); // the same record twice in a row
                batch.add(json(earlier)); // and one the chain already holds
            }
        }
        batch.add(json(fresh.get(3))); // again, further down the batch

        sendTogether(Topics.ACCESS_RECORDS, resident, batch);

        await().atMost(BOUND).until(() -> sequencesOf(resident).size() == 21);
        assertThat(copies(earlier)).isEqualTo(1);
        fresh.forEach(r -> assertThat(copies(r)).isEqualTo(1));
        assertContiguous(sequencesOf(resident));
        assertThat(chainVerifies()).isTrue();
    }

    @Test
    void givenPoisonInTheMiddleOfABatch_whenIngested_thenTheOthersStoredAndPoisonSkipped() {
        String resident = newResident();
        AccessRecord before = allowed(resident);
        AccessRecord after = allowed(resident);
        AccessRecord last = allowed(resident);

        sendTogether(Topics.ACCESS_RECORDS, resident, List.of(json(before), "this is not json",
                "{\"recordId\": \"not-a-uuid\", \"decision\": \"MAYBE\"}", json(after), "null", json(last)));

        await().atMost(BOUND).until(() -> sequencesOf(resident).size() == 3);
        assertThat(List.of(copies(before), copies(after), copies(last))).containsOnly(1L);
        assertContiguous(sequencesOf(resident));
        assertThat(chainVerifies()).isTrue();
    }

    @Test
    void givenRecordTheDatabaseCannotStoreInABatch_whenIngested_thenOnlyItIsSkipped() {
        String resident = newResident();
        AccessRecord before = allowed(resident);
        AccessRecord tooLong = record(resident, "app-kenko", "x".repeat(300), AccessRecord.DecisionEnum.ALLOWED,
                "granted");
        AccessRecord after = allowed(resident);
        AccessRecord marker = allowed(resident);

        sendTogether(Topics.ACCESS_RECORDS, resident, List.of(json(before), json(tooLong), json(after)));
        publish(marker); // same partition: once it is stored, the batch before it was handled

        await().atMost(BOUND).until(() -> copies(marker) == 1);
        assertThat(List.of(copies(before), copies(after))).containsOnly(1L);
        assertThat(copies(tooLong)).isZero();
        assertThat(chainVerifies()).isTrue();
    }

    /**
     * A real database failure: another transaction holds an uncommitted row with the entry id of a
     * record in the middle of the batch, so the batch insert waits for that row's lock and fails
     * with a lock timeout (H2: 2 s), again on every retry, until that transaction rolls back.
     */
    @Test
    void givenDatabaseFailingDuringABatch_whenItRecovers_thenNothingLostAndChainVerifies() throws SQLException {
        String resident = newResident();
        List<AccessRecord> records = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            records.add(allowed(resident));
        }
        AccessRecord blocked = records.get(3);

        try (Connection blocker = dataSource.getConnection()) {
            blocker.setAutoCommit(false);
            holdUncommittedRow(blocker, blocked);
            String blockedId = blocked.getRecordId().toString();

            sendTogether(Topics.ACCESS_RECORDS, resident, records.stream().map(AccessLogBatchIngestTest::json)
                    .toList());

            String firstAttempt = await().atMost(BOUND).until(() -> waitingOn(blocker, blockedId),
                    Optional::isPresent).orElseThrow();
            // The same statement waiting again, started later: the first attempt failed and was retried.
            await().atMost(BOUND).until(() -> waitingOn(blocker, blockedId),
                    w -> w.isPresent() && !w.get().equals(firstAttempt));
            assertThat(records.subList(3, 6)).allSatisfy(r -> assertThat(copies(r)).isZero());

            blocker.rollback();
        }

        await().atMost(BOUND).until(() -> sequencesOf(resident).size() == records.size());
        records.forEach(r -> assertThat(copies(r)).isEqualTo(1));
        assertContiguous(sequencesOf(resident));
        assertThat(chainVerifies()).isTrue();
    }

    private static void holdUncommittedRow(Connection c, AccessRecord r) throws SQLException {
        Timestamp now = Timestamp.from(OffsetDateTime.now(ZoneOffset.UTC).toInstant());
        try (PreparedStatement insert = c.prepareStatement("INSERT INTO audit_entry (seq, entry_id, kind, "
                + "occurred_at, recorded_at, resident_id, app_id, category, action, outcome, reason, prev_hash, "
                + "hash) VALUES (?, ?, 'ACCESS', ?, ?, 'RID-blocker', 'app-kenko', 'c', 'API_READ', 'ALLOWED', "
                + "'granted', ?, ?)")) {
            insert.setLong(1, Long.MAX_VALUE - System.nanoTime() % 1_000_000);
            insert.setString(2, r.getRecordId().toString());
            insert.setTimestamp(3, now);
            insert.setTimestamp(4, now);
            insert.setString(5, "0".repeat(64));
            insert.setString(6, "0".repeat(64));
            insert.executeUpdate();
        }
    }

    /**
     * When the insert of {@code entryId} that is now running (waiting for the blocker's row lock) started,
     * if one is running. H2 shows a statement with its current parameters; it does not fill
     * {@code BLOCKER_ID} for a wait on a unique index entry.
     */
    private static Optional<String> waitingOn(Connection blocker, String entryId) throws SQLException {
        try (PreparedStatement q = blocker.prepareStatement("SELECT EXECUTING_STATEMENT_START FROM "
                + "INFORMATION_SCHEMA.SESSIONS WHERE SESSION_ID <> SESSION_ID() "
                + "AND EXECUTING_STATEMENT LIKE 'INSERT INTO audit_entry%' AND EXECUTING_STATEMENT LIKE ?")) {
            q.setString(1, "%'" + entryId + "'%");
            try (ResultSet rs = q.executeQuery()) {
                return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
            }
        }
    }
}
