package org.tsunagu.connectors.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;
import org.tsunagu.connectors.SharedDatabase;
import org.tsunagu.contracts.events.MunicipalEvent;

import tools.jackson.databind.json.JsonMapper;

/**
 * The same notice received twice at once, by two connectors instances on one database (the
 * distributed profile, ADR 0050): each appends the event in its own transaction, as
 * {@link IngestMunicipalEvent} does. The second insert waits for the first transaction and then
 * hits the unique event id. Its caller's transaction must go on (here: it appends one more event)
 * and commit, and each event is stored once. On PostgreSQL a failed statement aborts the whole
 * transaction, so this needs the savepoint around the insert
 * ({@code -Dtsunagu.test.shared-db-url=jdbc:postgresql://…}); H2 rolls back only the statement.
 */
class MunicipalEventAppendAcrossInstancesTest {

    @Test
    void givenTheSameEventAppendedInTwoTransactions_whenTheSecondInsertWaitsForTheFirst_thenTheSecondTransactionGoesOn_andEachEventIsStoredOnce()
            throws Exception {
        try (SharedDatabase database = new SharedDatabase()) {
            database.jdbc().sql("DELETE FROM municipal_event_outbox").update();
            Instance one = new Instance(database.instance());
            Instance two = new Instance(database.instance());
            MunicipalEvent event = event("RID-TWICE");
            MunicipalEvent next = event("RID-NEXT");
            CountDownLatch firstAppended = new CountDownLatch(1);
            CountDownLatch commitFirst = new CountDownLatch(1);
            ExecutorService instances = Executors.newFixedThreadPool(2);
            try {
                Future<Boolean> first = instances.submit(() -> one.transaction().execute(status -> {
                    boolean stored = one.outbox().append(event);
                    firstAppended.countDown();
                    awaitLatch(commitFirst);
                    return stored;
                }));
                awaitLatch(firstAppended);
                Future<List<Boolean>> second = instances.submit(() -> two.transaction().execute(
                        status -> List.of(two.outbox().append(event), two.outbox().append(next))));
                // the second insert is under way once the database makes it wait for the first transaction
                await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(20))
                        .until(() -> second.isDone() || insertsWaiting(database) > 0);
                commitFirst.countDown();

                assertThat(first.get(30, TimeUnit.SECONDS)).as("first caller stored it").isTrue();
                assertThat(second.get(30, TimeUnit.SECONDS)).as("second caller: found it stored, then stored the next")
                        .containsExactly(false, true);
            } finally {
                commitFirst.countDown();
                instances.shutdownNow();
            }
            assertThat(database.jdbc().sql("SELECT event_id FROM municipal_event_outbox ORDER BY seq")
                    .query(UUID.class).list()).containsExactly(event.getEventId(), next.getEventId());
        }
    }

    private static MunicipalEvent event(String residentId) {
        return new MunicipalEvent(UUID.randomUUID(), "vaccination-due", OffsetDateTime.now(), residentId,
                "vaccination-records");
    }

    /** One connectors instance: its own connections, transactions and outbox. */
    private record Instance(TransactionTemplate transaction, MunicipalEventOutbox outbox) {
        Instance(DataSource connections) {
            this(SharedDatabase.transactions(connections), connections);
        }

        private Instance(TransactionTemplate transaction, DataSource connections) {
            this(transaction, new MunicipalEventOutbox(JdbcClient.create(connections), JsonMapper.builder().build(),
                    Clock.systemUTC(), transaction));
        }
    }

    /**
     * PostgreSQL reports a session waiting for another transaction's lock; H2 shows it only as a
     * session still executing the insert (which otherwise takes well under the poll interval).
     */
    private static long insertsWaiting(SharedDatabase database) {
        String waiting = database.isPostgresql()
                ? "SELECT COUNT(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'"
                : """
                  SELECT COUNT(*) FROM INFORMATION_SCHEMA.SESSIONS
                  WHERE EXECUTING_STATEMENT LIKE 'INSERT INTO municipal_event_outbox%'""";
        return database.jdbc().sql(waiting).query(Long.class).single();
    }

    private static void awaitLatch(CountDownLatch latch) {
        try {
            assertThat(latch.await(30, TimeUnit.SECONDS)).as("latch released").isTrue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
