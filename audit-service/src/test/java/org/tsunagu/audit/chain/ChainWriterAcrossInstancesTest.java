package org.tsunagu.audit.chain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;
import org.tsunagu.audit.AuditSpringTest;
import org.tsunagu.audit.checkpoint.CheckpointStore;

/**
 * Two audit-service instances on one database (the distributed profile): each has its own
 * {@link ChainWriter} and process lock, so only the database row lock keeps them from reading the
 * same head and colliding on {@code seq}. Appending at once, every entry is chained exactly once
 * and the chain stays one unbroken line.
 */
class ChainWriterAcrossInstancesTest extends AuditSpringTest {

    @Autowired
    private ChainStore store;

    @Autowired
    private CheckpointStore checkpoints;

    @Autowired
    private TransactionTemplate transaction;

    @Autowired
    private JdbcClient jdbc;

    @Test
    void givenTwoInstancesAppendingAtOnce_thenEveryEntryIsChainedOnce_inOneUnbrokenLine() throws Exception {
        ChainWriter one = new ChainWriter(store, checkpoints, transaction);
        ChainWriter two = new ChainWriter(store, checkpoints, transaction);
        String resident = "RID-" + UUID.randomUUID();
        long before = one.head().sequence();
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Integer>> appenders = new ArrayList<>();
            for (ChainWriter writer : List.of(one, two, one, two)) {
                Callable<Integer> appender = () -> {
                    start.await();
                    int added = 0;
                    for (int i = 0; i < 25; i++) {
                        added += writer.appendAll(List.of(access(resident), access(resident))).size();
                    }
                    return added;
                };
                appenders.add(pool.submit(appender));
            }
            start.countDown();
            int added = 0;
            for (Future<Integer> f : appenders) {
                added += f.get(60, TimeUnit.SECONDS); // a seq collision would throw here
            }
            assertThat(added).isEqualTo(200);
        } finally {
            pool.shutdownNow();
        }

        List<ChainEntry> chain = new ArrayList<>();
        store.forEachInOrder(e -> {
            if (e.sequence() > before) {
                chain.add(e);
            }
        });
        assertThat(chain).hasSizeGreaterThanOrEqualTo(200);
        for (int i = 1; i < chain.size(); i++) {
            assertThat(chain.get(i).sequence()).isEqualTo(chain.get(i - 1).sequence() + 1);
            assertThat(chain.get(i).prevHash()).isEqualTo(chain.get(i - 1).hash());
        }
        assertThat(jdbc.sql("SELECT COUNT(*) FROM audit_entry WHERE resident_id = ?").param(resident)
                .query(Long.class).single()).isEqualTo(200);
        assertThat(json(httpGet("/v1/audit/verification", operatorToken())).path("ok").asBoolean()).isTrue();
    }

    private static EntryContent access(String residentId) {
        return new EntryContent(UUID.randomUUID().toString(), EntryContent.Kind.ACCESS, Instant.now(), residentId,
                "app-kenko", APP_KENKO_OPERATOR, "vaccination-records", "service-provision", "C-1", "API_READ",
                "ALLOWED", "granted", "corr-instances");
    }
}
