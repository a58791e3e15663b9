package org.tsunagu.gateway.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.tsunagu.contracts.events.WebhookDeadLetter;
import org.tsunagu.gateway.SharedDatabase;

/**
 * Two gateway instances, each with its own {@link WebhookStore} and connections, over one shared
 * database (H2 here; see {@link SharedDatabase} for PostgreSQL): a due row is claimed by one of
 * them only, a claimed row is due again once its lease is over, and an outcome that comes too
 * late never overwrites a newer state.
 */
class WebhookStoreAcrossInstancesTest {

    private final SharedDatabase db = new SharedDatabase();
    private WebhookStore a;
    private WebhookStore b;
    // whole microseconds, as both databases keep them, so the assertions can compare the instants read back
    private final Instant t0 = Instant.now().truncatedTo(ChronoUnit.MICROS);

    @BeforeEach
    void setUp() {
        a = new WebhookStore(JdbcClient.create(db.instance()));
        b = new WebhookStore(JdbcClient.create(db.instance()));
    }

    @AfterEach
    void tearDown() {
        db.close();
    }

    private static Delivery pending(int attempts, Instant next) {
        String subscriptionId = "sub-" + UUID.randomUUID();
        String eventId = UUID.randomUUID().toString();
        return new Delivery(MunicipalEventIntake.deliveryId(subscriptionId, eventId), subscriptionId,
                "aizu-vaccine-notebook", eventId, "vaccination-due", "RID-" + UUID.randomUUID(), "vaccination-records",
                "{\"vaccine\":\"BCG\"}", next, Delivery.Status.PENDING, attempts, next, null, next);
    }

    /** One row stored by instance a, seen due by instance b. */
    private Delivery storedDue(int attempts) {
        Delivery d = pending(attempts, t0);
        assertThat(a.insertAll(List.of(d))).containsExactly(d.id());
        return b.due(t0, 200).stream().filter(row -> row.id().equals(d.id())).findFirst().orElseThrow();
    }

    @Test
    void givenTwoInstancesSeeingTheSameDueRows_whenBothClaimThemAtOnce_thenEachRowIsClaimedByExactlyOne()
            throws Exception {
        List<Delivery> rows = IntStream.range(0, 200).mapToObj(i -> pending(0, t0.minusMillis(i))).toList();
        a.insertAll(rows);
        CyclicBarrier bothHaveRead = new CyclicBarrier(2);
        List<String> seenByA = new ArrayList<>();
        List<String> seenByB = new ArrayList<>();
        ExecutorService instances = Executors.newFixedThreadPool(2);
        try {
            Future<List<String>> byA = instances.submit(claimer(a, seenByA, bothHaveRead));
            Future<List<String>> byB = instances.submit(claimer(b, seenByB, bothHaveRead));
            List<String> claimed = new ArrayList<>(byA.get(60, TimeUnit.SECONDS));
            claimed.addAll(byB.get(60, TimeUnit.SECONDS));

            assertThat(seenByA).as("both saw every row due").hasSize(200);
            assertThat(seenByB).hasSize(200);
            assertThat(claimed).as("each row claimed once, none twice").doesNotHaveDuplicates()
                    .containsExactlyInAnyOrderElementsOf(rows.stream().map(Delivery::id).toList());
            assertThat(a.due(t0, 200)).as("claimed rows are leased, no longer due").isEmpty();
        } finally {
            instances.shutdownNow();
        }
    }

    /** Reads the due rows, waits until the other instance has read them too, then claims each, in the same order. */
    private Callable<List<String>> claimer(WebhookStore store, List<String> seen, CyclicBarrier bothHaveRead) {
        return () -> {
            List<Delivery> due = store.due(t0, 200);
            due.forEach(d -> seen.add(d.id()));
            bothHaveRead.await(30, TimeUnit.SECONDS);
            List<String> claimed = new ArrayList<>();
            for (Delivery d : due) {
                store.claim(d, t0, t0.plusSeconds(30)).ifPresent(c -> claimed.add(c.id()));
            }
            return claimed;
        };
    }

    @Test
    void givenAClaimedRowWhoseInstanceDied_whenItsLeaseIsOver_thenItIsDueAgain_andAnotherInstanceClaimsIt() {
        Delivery seen = storedDue(2);
        Instant leaseEnd = t0.plusSeconds(10);
        Delivery claimedByA = a.claim(seen, t0, leaseEnd).orElseThrow(); // and a dies without an outcome

        assertThat(claimedByA.nextAttemptAt()).isEqualTo(leaseEnd);
        assertThat(b.due(leaseEnd.minusMillis(1), 200)).as("leased").isEmpty();
        assertThat(b.claim(seen, t0.plusSeconds(1), t0.plusSeconds(11))).as("a's claim holds").isEmpty();

        List<Delivery> dueAgain = b.due(leaseEnd, 200);
        assertThat(dueAgain).singleElement().satisfies(row -> {
            assertThat(row.id()).as("the same webhook-id").isEqualTo(seen.id());
            assertThat(row.attempts()).isEqualTo(2);
        });
        assertThat(b.claim(dueAgain.get(0), leaseEnd, leaseEnd.plusSeconds(10))).isPresent();
        assertThat(a.claim(dueAgain.get(0), leaseEnd, leaseEnd.plusSeconds(10))).as("only once again").isEmpty();
    }

    @Test
    void givenAnAttemptThatOutlivedItsLease_whenItsOutcomeComesAfterAnotherInstanceSettledTheRow_thenTheNewerStateStays() {
        Delivery seen = storedDue(2);
        Delivery claimedByA = a.claim(seen, t0, t0.plusSeconds(10)).orElseThrow();
        Instant t1 = t0.plusSeconds(10);
        Delivery claimedByB = b.claim(b.due(t1, 200).get(0), t1, t1.plusSeconds(10)).orElseThrow();
        assertThat(b.store(List.of(WebhookStore.Outcome.finished(claimedByB, Delivery.Status.DELIVERED, 3, null,
                t1.plusSeconds(1))))).hasSize(1);

        List<WebhookStore.Outcome> stored = a.store(List.of(WebhookStore.Outcome.retry(claimedByA, 3, "HTTP 503",
                t1.plusSeconds(60), t1.plusSeconds(2))));

        assertThat(stored).as("a's late outcome is stale").isEmpty();
        assertThat(a.delivery(seen.id())).hasValueSatisfying(row -> {
            assertThat(row.status()).isEqualTo(Delivery.Status.DELIVERED);
            assertThat(row.attempts()).isEqualTo(3);
            assertThat(row.lastError()).isNull();
            assertThat(row.updatedAt()).isEqualTo(t1.plusSeconds(1));
        });
    }

    @Test
    void givenAnAttemptThatOutlivedItsLease_whenItsOutcomeComesWhileAnotherInstanceHoldsTheRow_thenOnlyTheHoldersOutcomeIsStored() {
        Delivery seen = storedDue(7);
        Delivery claimedByA = a.claim(seen, t0, t0.plusSeconds(10)).orElseThrow();
        Instant t1 = t0.plusSeconds(10);
        Delivery claimedByB = b.claim(b.due(t1, 200).get(0), t1, t1.plusSeconds(10)).orElseThrow();
        WebhookDeadLetter letter = new WebhookDeadLetter(seen.id(), seen.subscriptionId(), seen.appId(),
                seen.eventId(), seen.eventType(), 8, null);

        List<WebhookStore.Outcome> byA = a.store(List.of(new WebhookStore.Outcome(claimedByA, Delivery.Status.DEAD,
                8, "HTTP 503", null, t1.plusSeconds(1), letter)));
        List<WebhookStore.Outcome> byB = b.store(List.of(WebhookStore.Outcome.finished(claimedByB,
                Delivery.Status.DELIVERED, 8, null, t1.plusSeconds(2))));

        assertThat(byA).as("no dead letter from a: the row is b's").isEmpty();
        assertThat(byB).hasSize(1);
        assertThat(a.delivery(seen.id()).orElseThrow().status()).isEqualTo(Delivery.Status.DELIVERED);
        assertThat(b.deadLetters(200)).isEmpty();
    }

    @Test
    void givenAnAttemptThatOutlivedItsLease_whenNoOneClaimedTheRowMeanwhile_thenItsOutcomeIsStored() {
        Delivery seen = storedDue(0);
        Delivery claimedByA = a.claim(seen, t0, t0.plusSeconds(10)).orElseThrow();

        List<WebhookStore.Outcome> stored = a.store(List.of(WebhookStore.Outcome.retry(claimedByA, 1, "HTTP 500",
                t0.plusSeconds(70), t0.plusSeconds(12))));

        assertThat(stored).hasSize(1);
        assertThat(b.delivery(seen.id())).hasValueSatisfying(row -> {
            assertThat(row.status()).isEqualTo(Delivery.Status.PENDING);
            assertThat(row.attempts()).isEqualTo(1);
            assertThat(row.nextAttemptAt()).isEqualTo(t0.plusSeconds(70));
            assertThat(row.lastError()).isEqualTo("HTTP 500");
        });
        assertThat(a.store(List.of(WebhookStore.Outcome.finished(claimedByA, Delivery.Status.DELIVERED, 1, null,
                t0.plusSeconds(13))))).as("the same attempt's outcome twice: the attempts moved on").isEmpty();
    }

    @Test
    void givenARowDeadLetteredByOneInstance_whenAnotherListsAndRedrivesIt_thenAnyInstanceMayClaimIt_andTheOldOutcomeCannotUndoIt() {
        Delivery seen = storedDue(2);
        Delivery claimedByA = a.claim(seen, t0, t0.plusSeconds(10)).orElseThrow();
        WebhookStore.Outcome dead = new WebhookStore.Outcome(claimedByA, Delivery.Status.DEAD, 3, "HTTP 500", null,
                t0.plusSeconds(1), null);
        assertThat(a.store(List.of(dead))).hasSize(1);

        assertThat(b.deadLetters(200)).extracting(Delivery::id).containsExactly(seen.id());
        assertThat(b.redrive(seen.id(), t0.plusSeconds(2))).isTrue();
        assertThat(b.redrive(seen.id(), t0.plusSeconds(2))).as("no longer dead").isFalse();

        assertThat(a.store(List.of(dead))).as("an old outcome stored again changes nothing").isEmpty();
        List<Delivery> due = a.due(t0.plusSeconds(2), 200);
        assertThat(due).singleElement().satisfies(row -> {
            assertThat(row.status()).isEqualTo(Delivery.Status.PENDING);
            assertThat(row.attempts()).isZero();
        });
        assertThat(a.claim(due.get(0), t0.plusSeconds(2), t0.plusSeconds(12))).isPresent();
    }

    @Test
    void givenADeliveryStoredByOneInstance_whenAnotherStoresTheSameDelivery_thenItIsSkipped_andTheFirstRowStands() {
        Delivery d = pending(0, t0);
        Delivery inFlight = WebhookStore.Outcome.retry(d, 0, "in flight", t0.plusSeconds(6), t0).row();
        assertThat(a.insertAll(List.of(inFlight))).containsExactly(d.id());

        Delivery other = WebhookStore.Outcome.retry(d, 1, "HTTP 500", t0.plusSeconds(40), t0).row();
        assertThat(b.insertAll(List.of(other, pending(0, t0)))).as("only the other delivery").hasSize(1)
                .doesNotContain(d.id());

        assertThat(b.existing(List.of(d.id(), "no-such-delivery"))).containsExactly(d.id());
        assertThat(b.delivery(d.id())).hasValueSatisfying(row -> {
            assertThat(row.lastError()).isEqualTo("in flight");
            assertThat(row.nextAttemptAt()).isEqualTo(t0.plusSeconds(6));
        });
    }
}
