package org.tsunagu.consent.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.tsunagu.consent.support.ConsentServiceIntegrationTest;

/**
 * Two consent-service instances on one database (the distributed profile, ADR 0050), each with
 * its own relay: every outbox entry goes out once, and all of them in sequence order, so the
 * compacted consent topic can never end with an older version of a consent after a newer one.
 * The relays' own process locks are separate; only the database row lock orders them.
 */
class OutboxRelayAcrossInstancesTest extends ConsentServiceIntegrationTest {

    @Autowired
    private OutboxRelayWorker worker;

    @Autowired
    private JdbcOutboxStore store;

    @BeforeEach
    void stopRelay() {
        worker.stop();
    }

    @AfterEach
    void restartRelay() {
        worker.start();
    }

    @Test
    void givenTwoRelaysOnOneOutbox_whenBothRunAtOnce_thenEachEntryIsPublishedOnce_inSequenceOrder() throws Exception {
        String resident = "RID-RELAYS-" + UUID.randomUUID();
        List<Long> appended = new ArrayList<>();
        for (int i = 0; i < 120; i++) {
            appended.add(store.append(UUID.randomUUID(), resident, "C-" + i, "{}"));
        }
        List<Long> published = Collections.synchronizedList(new ArrayList<>());
        ConsentEventSink recording = entry -> {
            published.add(entry.seq());
            Thread.yield(); // let the other relay run while this batch is out
        };
        // batches of 7: many batches, so the two relays alternate many times
        OutboxRelay one = new OutboxRelay(store, recording, 7);
        OutboxRelay two = new OutboxRelay(store, recording, 7);
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<RelayRun>> runs = new ArrayList<>();
            for (OutboxRelay relay : List.of(one, two)) {
                runs.add(pool.submit(() -> {
                    start.await();
                    return relay.relayPending();
                }));
            }
            start.countDown();
            for (Future<RelayRun> run : runs) {
                assertThat(run.get(60, TimeUnit.SECONDS).failed()).isFalse();
            }
        } finally {
            pool.shutdownNow();
        }

        assertThat(published).as("each entry once").doesNotHaveDuplicates().containsAll(appended);
        assertThat(published).as("in sequence order across both relays").isSorted();
        assertThat(store.nextUnpublished(10)).isEmpty();
    }
}
