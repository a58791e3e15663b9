package org.tsunagu.gateway.consent;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;
import org.tsunagu.contracts.events.ConsentEvent;
import org.tsunagu.contracts.events.ConsentState;

/** The view's own resident table (ADR 0043): growth, removal, hash collisions, packed resident ids. */
class ConsentViewTableTest {

    private static final Instant NOW = Instant.parse("2026-06-01T00:00:00Z");
    private static final Decision REQUIRED = new Decision.Denied(DenialReason.CONSENT_REQUIRED, null);

    private final ConsentView view = new ConsentView();

    private static ConsentKey key(String residentId) {
        return new ConsentKey(residentId, "app", "vaccination-records", "service-provision");
    }

    private static ConsentEvent event(String consentId, int version, ConsentKey key, ConsentState.StatusEnum status) {
        var state = new ConsentState(consentId, version, key.residentId(), key.appId(), key.category(), key.purpose(),
                status, NOW.minusSeconds(3600).atOffset(ZoneOffset.UTC), NOW.plusSeconds(3600).atOffset(ZoneOffset.UTC));
        return new ConsentEvent(UUID.randomUUID(), ConsentEvent.EventTypeEnum.CONSENT_GRANTED,
                NOW.minusSeconds(3600 - version).atOffset(ZoneOffset.UTC), state);
    }

    private static ConsentEvent active(String consentId, ConsentKey key) {
        return event(consentId, 1, key, ConsentState.StatusEnum.ACTIVE);
    }

    /** A fresh String instance, as a request would carry it (never the instance the view was fed). */
    private static String fresh(String s) {
        return new String(s.toCharArray());
    }

    @Test
    void givenResidentIdsWithEqualHashCodes_whenLookedUp_thenEachFindsItsOwnItems_andRemovalKeepsTheProbeChain() {
        List<String> ids = List.of("AaAa", "AaBB", "BBAa", "BBBB"); // all hashCode 2031744
        assertThat(ids).extracting(String::hashCode).containsOnly("AaAa".hashCode());
        for (int i = 0; i < 3; i++) {
            view.apply(active("c" + i, key(ids.get(i))));
        }

        for (int i = 0; i < 3; i++) {
            assertThat(view.decide(key(fresh(ids.get(i))), NOW)).isEqualTo(new Decision.Allowed("c" + i));
        }
        assertThat(view.decide(key(fresh("BBBB")), NOW)).as("same hash, absent").isEqualTo(REQUIRED);

        assertThat(view.forget("c0")).isTrue(); // the first of the chain goes: the others stay reachable
        assertThat(view.decide(key("AaAa"), NOW)).isEqualTo(REQUIRED);
        assertThat(view.decide(key(fresh("AaBB")), NOW)).isEqualTo(new Decision.Allowed("c1"));
        assertThat(view.decide(key(fresh("BBAa")), NOW)).isEqualTo(new Decision.Allowed("c2"));

        view.apply(active("c3", key("BBBB"))); // reuses the removed place
        assertThat(view.decide(key(fresh("BBBB")), NOW)).isEqualTo(new Decision.Allowed("c3"));
        assertThat(view.decide(key(fresh("BBAa")), NOW)).isEqualTo(new Decision.Allowed("c2"));
        assertThat(view.tableShape()[1]).isEqualTo(3);
    }

    @Test
    void givenAResident_whenItsLastItemIsForgotten_thenTheResidentLeavesTheTable_andTheDigestReturnsToZero() {
        var k = key("RID-1");
        view.apply(active("c1", k));
        view.apply(active(new UUID(1, 2).toString(), new ConsentKey("RID-1", "app-2", k.category(), k.purpose())));
        assertThat(view.tableShape()[1]).isEqualTo(1);

        view.forget(new UUID(1, 2).toString());
        assertThat(view.tableShape()[1]).as("one item left").isEqualTo(1);
        assertThat(view.decide(key(fresh("RID-1")), NOW)).isEqualTo(new Decision.Allowed("c1"));

        view.forget("c1");
        assertThat(view.tableShape()[1]).isZero();
        assertThat(view.decide(key(fresh("RID-1")), NOW)).isEqualTo(REQUIRED);
        assertThat(view.size()).isZero();
        assertThat(view.digest()).isZero();

        view.apply(active("c1", k));
        assertThat(view.decide(key(fresh("RID-1")), NOW)).isEqualTo(new Decision.Allowed("c1"));
    }

    @Test
    void givenResidentsComingAndGoing_whenRemovedPlacesPileUp_thenTheTableIsCleanedInsteadOfGrowing() {
        for (int r = 0; r < 20_000; r++) {
            String consentId = new UUID(7, r).toString();
            view.apply(active(consentId, key("RID-" + r)));
            assertThat(view.forget(consentId)).isTrue();
        }
        assertThat(view.tableShape()).containsExactly(1024, 0);
        view.apply(active("c1", key("RID-19999")));
        assertThat(view.decide(key(fresh("RID-19999")), NOW)).isEqualTo(new Decision.Allowed("c1"));
        assertThat(view.decide(key(fresh("RID-19998")), NOW)).isEqualTo(REQUIRED);
    }

    @Test
    void givenResidentIdsBeyondLatin1_whenStoredPacked_thenTheyMatchOnlyThemselves_andTheDigestSeesTheSameString() {
        String[] ids = { "住民-0001", "住民-0002", "RID-\u00e9", "RID-\u0100", "\u0141x", "Ay", "" };
        for (int i = 0; i < ids.length; i++) {
            view.apply(active(new UUID(3, i).toString(), key(ids[i])));
        }
        for (int i = 0; i < ids.length; i++) {
            assertThat(view.decide(key(fresh(ids[i])), NOW)).isEqualTo(new Decision.Allowed(new UUID(3, i).toString()));
        }
        assertThat(view.decide(key("住民-0003"), NOW)).isEqualTo(REQUIRED);
        // a char above 0xFF must not spill into its Latin-1 neighbour: "\u0141x" packs like "Ay" would
        assertThat(ConsentView.sameId(ConsentView.newRow("Ay", 0), "\u0141x")).isFalse();
        assertThat(ConsentView.sameId(ConsentView.newRow("Ay", 0), fresh("Ay"))).isTrue();
        assertThat(ConsentView.sameId(ConsentView.newRow("\u0141x", 0), "Ay")).isFalse();
        assertThat(ConsentView.sameId(ConsentView.newRow("RID-S0123456789ABCDEF", 0), "RID-S0123456789ABCDEE")).isFalse();

        // the digest hashes the id decoded from the row: a consent id moving between residents and
        // being forgotten brings it back to exactly the sum of what is left
        ConsentView reference = new ConsentView();
        reference.apply(active(new UUID(3, 0).toString(), key(ids[0])));
        for (int i = 1; i < ids.length; i++) {
            view.forget(new UUID(3, i).toString());
        }
        view.apply(event(new UUID(3, 0).toString(), 2, key(ids[1]), ConsentState.StatusEnum.ACTIVE));
        view.apply(event(new UUID(3, 0).toString(), 3, key(ids[0]), ConsentState.StatusEnum.ACTIVE));
        reference.apply(event(new UUID(3, 0).toString(), 3, key(ids[0]), ConsentState.StatusEnum.ACTIVE));
        assertThat(view.digest()).isEqualTo(reference.digest());
        assertThat(view.size()).isEqualTo(1);
    }

    @Test
    void givenTheTableGrowing_whenReadingConcurrently_thenEveryHeldResidentIsFoundThroughoutAndEveryNewOneRightAfterApply()
            throws Exception {
        int anchors = 64;
        for (int a = 0; a < anchors; a++) {
            view.apply(active("anchor-" + a, key("ANCHOR-" + a)));
        }
        int capacityBefore = view.tableShape()[0];
        AtomicBoolean writing = new AtomicBoolean(true);
        ExecutorService readers = Executors.newFixedThreadPool(2);
        try {
            Future<Integer> reader = readers.submit(() -> {
                int reads = 0;
                while (writing.get() || reads < 1_000) {
                    int a = reads % anchors;
                    Decision d = view.decide(key(fresh("ANCHOR-" + a)), NOW);
                    if (!d.equals(new Decision.Allowed("anchor-" + a))) {
                        throw new AssertionError("anchor " + a + " lost during growth: " + d);
                    }
                    reads++;
                }
                return reads;
            });
            for (int r = 0; r < 40_000; r++) {
                view.apply(active(new UUID(5, r).toString(), key("RID-" + r)));
                if (r % 4 == 3) { // some go again, leaving removed places behind
                    view.forget(new UUID(5, r - 1).toString());
                }
                if (r % 2_500 == 0) {
                    String id = "RID-" + r;
                    assertThat(readers.submit(() -> view.decide(key(fresh(id)), NOW)).get(10, TimeUnit.SECONDS))
                            .as("read on another thread after apply of %s returned", id)
                            .isEqualTo(new Decision.Allowed(new UUID(5, r).toString()));
                }
            }
            writing.set(false);
            assertThat(reader.get(30, TimeUnit.SECONDS)).isGreaterThanOrEqualTo(1_000);
        } finally {
            writing.set(false);
            readers.shutdownNow();
        }
        assertThat(view.tableShape()[0]).isGreaterThan(capacityBefore);
        assertThat(view.tableShape()[1]).isEqualTo(anchors + 30_000);
        for (int r = 0; r < 40_000; r++) {
            assertThat(view.decide(key(fresh("RID-" + r)), NOW)).isEqualTo(r % 4 == 2 ? REQUIRED
                    : new Decision.Allowed(new UUID(5, r).toString()));
        }
    }
}
