package org.tsunagu.gateway.consent;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;
import org.tsunagu.contracts.events.ConsentEvent;
import org.tsunagu.contracts.events.ConsentState;

class ConsentViewTest {

    private static final ConsentKey KEY = new ConsentKey("r1", "app", "vaccination-records", "service-provision");
    private static final OffsetDateTime T0 = OffsetDateTime.parse("2026-01-01T00:00:00Z");

    private final ConsentView view = new ConsentView();

    private static ConsentEvent event(int version, ConsentState.StatusEnum status) {
        var state = new ConsentState("c1", version, KEY.residentId(), KEY.appId(), KEY.category(), KEY.purpose(),
                status, T0, T0.plusYears(1));
        return new ConsentEvent(UUID.randomUUID(), ConsentEvent.EventTypeEnum.CONSENT_GRANTED,
                T0.plusMinutes(version), state);
    }

    @Test
    void givenNewerVersion_whenApplied_thenItReplacesTheHeldOne() {
        view.apply(event(1, ConsentState.StatusEnum.ACTIVE));

        boolean changed = view.apply(event(2, ConsentState.StatusEnum.REVOKED));

        assertThat(changed).isTrue();
        assertThat(view.itemsFor(KEY)).singleElement()
                .satisfies(item -> assertThat(item.status()).isEqualTo(ConsentStatus.REVOKED));
    }

    @Test
    void givenOlderOrSameVersion_whenApplied_thenIgnored() {
        view.apply(event(3, ConsentState.StatusEnum.REVOKED));

        assertThat(view.apply(event(2, ConsentState.StatusEnum.ACTIVE))).isFalse();
        assertThat(view.apply(event(3, ConsentState.StatusEnum.ACTIVE))).isFalse();
        assertThat(view.itemsFor(KEY)).singleElement()
                .satisfies(item -> assertThat(item.version()).isEqualTo(3));
    }

    @Test
    void givenMalformedEvent_whenApplied_thenIgnored() {
        var broken = event(1, ConsentState.StatusEnum.ACTIVE);
        broken.getConsent().setValidUntil(null);

        assertThat(view.apply(broken)).isFalse();
        assertThat(view.size()).isZero();
    }

    @Test
    void givenTombstone_whenForgotten_thenNoItemsRemain() {
        view.apply(event(1, ConsentState.StatusEnum.ACTIVE));

        view.forget("c1");

        assertThat(view.itemsFor(KEY)).isEmpty();
    }

    // --- the compact layout (ADR 0043) -------------------------------------------------------

    private static final Instant NOW = Instant.parse("2026-06-01T00:00:00Z");

    private static ConsentEvent event(String consentId, int version, ConsentKey key, ConsentState.StatusEnum status,
            Instant from, Instant until, Instant occurred) {
        var state = new ConsentState(consentId, version, key.residentId(), key.appId(), key.category(), key.purpose(),
                status, from.atOffset(ZoneOffset.UTC), until.atOffset(ZoneOffset.UTC));
        return new ConsentEvent(UUID.randomUUID(), ConsentEvent.EventTypeEnum.CONSENT_GRANTED,
                occurred.atOffset(ZoneOffset.UTC), state);
    }

    private static ConsentEvent active(String consentId, int version, ConsentKey key) {
        return event(consentId, version, key, ConsentState.StatusEnum.ACTIVE, NOW.minusSeconds(3600),
                NOW.plusSeconds(3600), NOW.minusSeconds(3600 - version));
    }

    private static ConsentEvent revoked(String consentId, int version, ConsentKey key) {
        return event(consentId, version, key, ConsentState.StatusEnum.REVOKED, NOW.minusSeconds(3600),
                NOW.plusSeconds(3600), NOW.minusSeconds(3600 - version));
    }

    @Test
    void givenEmptyView_whenDeciding_thenConsentRequired_andDigestIsZero() {
        assertThat(view.decide(KEY, NOW)).isEqualTo(new Decision.Denied(DenialReason.CONSENT_REQUIRED, null));
        assertThat(view.digest()).isZero();
        assertThat(view.digestHex()).isEqualTo("0000000000000000");
    }

    @Test
    void givenUuidConsentIds_whenDeciding_thenTheExactIdStringComesBack() {
        String id = UUID.randomUUID().toString();
        view.apply(active(id, 1, KEY));

        assertThat(view.decide(KEY, NOW)).isEqualTo(new Decision.Allowed(id));
        view.apply(revoked(id, 2, KEY));
        assertThat(view.decide(KEY, NOW)).isEqualTo(new Decision.Denied(DenialReason.CONSENT_REVOKED, id));
    }

    @Test
    void givenNonCanonicalIds_whenApplied_thenKeptAsStringsBesideUuids() {
        String upper = UUID.randomUUID().toString().toUpperCase();
        String plain = "consent-7";
        String uuid = UUID.randomUUID().toString();
        var other = new ConsentKey("r1", "app", "resident-basic", "service-provision");
        var third = new ConsentKey("r1", "app", "vaccination-records", "notification");
        view.apply(active(uuid, 1, KEY));
        view.apply(active(plain, 1, other));
        view.apply(revoked(upper, 1, third));

        assertThat(view.decide(KEY, NOW)).isEqualTo(new Decision.Allowed(uuid));
        assertThat(view.decide(other, NOW)).isEqualTo(new Decision.Allowed(plain));
        assertThat(view.decide(third, NOW)).isEqualTo(new Decision.Denied(DenialReason.CONSENT_REVOKED, upper));
        assertThat(view.apply(active(upper.toLowerCase(), 1, third))).as("another id").isTrue();
        assertThat(view.size()).isEqualTo(4);

        assertThat(view.forget(plain)).isTrue();
        assertThat(view.decide(other, NOW)).isEqualTo(new Decision.Denied(DenialReason.CONSENT_REQUIRED, null));
        assertThat(view.decide(KEY, NOW)).isEqualTo(new Decision.Allowed(uuid));
        assertThat(view.apply(active(upper, 1, third))).as("same version of the upper-case id").isFalse();
        assertThat(view.size()).isEqualTo(3);
    }

    @Test
    void givenSameConsentIdUnderAnotherAppOrResident_whenApplied_thenTheItemMoves() {
        var otherApp = new ConsentKey("r1", "app-2", KEY.category(), KEY.purpose());
        var otherResident = new ConsentKey("r2", "app-2", KEY.category(), KEY.purpose());
        view.apply(active("c1", 1, KEY));
        view.apply(active("c9", 1, new ConsentKey("r1", "app", "resident-basic", "service-provision")));

        view.apply(active("c1", 2, otherApp));

        assertThat(view.decide(KEY, NOW)).isEqualTo(new Decision.Denied(DenialReason.CONSENT_REQUIRED, null));
        assertThat(view.decide(otherApp, NOW)).isEqualTo(new Decision.Allowed("c1"));
        assertThat(view.size()).isEqualTo(2);

        view.apply(revoked("c1", 3, otherResident));

        assertThat(view.decide(otherApp, NOW)).isEqualTo(new Decision.Denied(DenialReason.CONSENT_REQUIRED, null));
        assertThat(view.decide(otherResident, NOW)).isEqualTo(new Decision.Denied(DenialReason.CONSENT_REVOKED, "c1"));
        assertThat(view.size()).isEqualTo(2);
        assertThat(view.apply(active("c1", 3, otherApp))).as("not newer, whatever the key").isFalse();

        assertThat(view.forget("c1")).isTrue();
        assertThat(view.itemsFor(otherResident)).isEmpty();
        assertThat(view.size()).isEqualTo(1);
    }

    @Test
    void givenTombstoneOfUnknownId_whenForgotten_thenNothingChanges() {
        view.apply(active("c1", 1, KEY));
        long digest = view.digest();

        assertThat(view.forget("never-seen")).isFalse();
        assertThat(view.forget(UUID.randomUUID().toString())).isFalse();

        assertThat(view.size()).isEqualTo(1);
        assertThat(view.digest()).isEqualTo(digest);
        assertThat(view.decide(KEY, NOW)).isEqualTo(new Decision.Allowed("c1"));
    }

    @Test
    void givenNeverSeenAppCategoryOrPurpose_whenDeciding_thenConsentRequired_untilAGrantArrives() {
        view.apply(active("c1", 1, KEY));
        var newApp = new ConsentKey("r1", "brand-new-app", KEY.category(), KEY.purpose());
        var newCategory = new ConsentKey("r1", "app", "tax-records", KEY.purpose());
        var newPurpose = new ConsentKey("r1", "app", KEY.category(), "research");
        var nulls = new ConsentKey("r1", null, null, null);

        for (ConsentKey key : List.of(newApp, newCategory, newPurpose, nulls)) {
            assertThat(view.decide(key, NOW)).isEqualTo(new Decision.Denied(DenialReason.CONSENT_REQUIRED, null));
            assertThat(view.itemsFor(key)).isEmpty();
        }

        view.apply(active("c2", 1, newApp));
        assertThat(view.decide(newApp, NOW)).isEqualTo(new Decision.Allowed("c2"));
        assertThat(view.decide(KEY, NOW)).isEqualTo(new Decision.Allowed("c1"));
    }

    @Test
    void givenValidityBounds_whenDecidingToTheNanosecond_thenFromIsInclusiveAndUntilExclusive() {
        Instant from = NOW.plusNanos(1);
        Instant until = NOW.plusNanos(3);
        view.apply(event("c1", 1, KEY, ConsentState.StatusEnum.ACTIVE, from, until, NOW));

        assertThat(view.decide(KEY, NOW)).isEqualTo(new Decision.Denied(DenialReason.CONSENT_EXPIRED, "c1"));
        assertThat(view.decide(KEY, NOW.plusNanos(1))).isEqualTo(new Decision.Allowed("c1"));
        assertThat(view.decide(KEY, NOW.plusNanos(2))).isEqualTo(new Decision.Allowed("c1"));
        assertThat(view.decide(KEY, NOW.plusNanos(3))).isEqualTo(new Decision.Denied(DenialReason.CONSENT_EXPIRED, "c1"));
    }

    @Test
    void givenBoundsOutsideTheNanosecondRange_whenDeciding_thenTheyStillCompareCorrectly() {
        var farKey = new ConsentKey("r2", "app", KEY.category(), KEY.purpose());
        view.apply(event("c1", 1, KEY, ConsentState.StatusEnum.ACTIVE, Instant.parse("1000-01-01T00:00:00Z"),
                Instant.parse("9999-12-31T00:00:00Z"), NOW));
        view.apply(event("c2", 1, farKey, ConsentState.StatusEnum.ACTIVE, Instant.parse("3000-01-01T00:00:00Z"),
                Instant.parse("9999-12-31T00:00:00Z"), NOW));

        assertThat(view.decide(KEY, NOW)).isEqualTo(new Decision.Allowed("c1"));
        assertThat(view.decide(farKey, NOW)).isEqualTo(new Decision.Denied(DenialReason.CONSENT_EXPIRED, "c2"));
    }

    @Test
    void givenTheSameEventsInAnotherOrder_whenApplied_thenSameDigestAndSameDecisions() {
        // on the topic one (consent id, version) has one content; duplicates are redeliveries of it
        Map<String, ConsentEvent> byVersion = new java.util.LinkedHashMap<>();
        for (ConsentEvent e : randomEvents(new Random(7), 400)) {
            byVersion.putIfAbsent(e.getConsent().getConsentId() + "@" + e.getConsent().getVersion(), e);
        }
        List<ConsentEvent> events = new ArrayList<>(byVersion.values());
        events.addAll(events.subList(0, 50));
        List<ConsentEvent> shuffled = new ArrayList<>(events);
        Collections.shuffle(shuffled, new Random(8));
        ConsentView other = new ConsentView();

        events.forEach(view::apply);
        shuffled.forEach(other::apply);

        assertThat(other.size()).isEqualTo(view.size());
        assertThat(other.digest()).isEqualTo(view.digest()).isNotZero();
        for (ConsentKey key : keys()) {
            assertThat(other.decide(key, NOW)).isEqualTo(view.decide(key, NOW));
        }
    }

    @Test
    void givenOneItemDiffers_whenComparingDigests_thenTheyDiffer_andForgettingRestoresTheDigest() {
        view.apply(active("c1", 1, KEY));
        long one = view.digest();
        ConsentView other = new ConsentView();
        other.apply(event("c1", 1, KEY, ConsentState.StatusEnum.ACTIVE, NOW.minusSeconds(3600),
                NOW.plusSeconds(3601), NOW.minusSeconds(3599)));
        assertThat(other.digest()).as("validUntil differs by a second").isNotEqualTo(one);

        view.apply(active("c2", 1, new ConsentKey("r2", "app", KEY.category(), KEY.purpose())));
        assertThat(view.digest()).isNotEqualTo(one);
        view.forget("c2");
        assertThat(view.digest()).isEqualTo(one);
        view.forget("c1");
        assertThat(view.digest()).isZero();
    }

    /**
     * The compact view against the rule as written: a reference view keyed by consent id (the
     * previous implementation's semantics) fed the same random events, decided by ConsentDecider.
     */
    @Test
    void givenRandomEvents_whenDeciding_thenSameAsTheDeciderOverAnIdKeyedReference() {
        Random random = new Random(42);
        ConsentDecider decider = new ConsentDecider();
        Map<String, ConsentItem> reference = new HashMap<>();
        int checked = 0;
        for (ConsentEvent e : randomEvents(random, 3_000)) {
            if (random.nextInt(20) == 0) {
                String id = e.getConsent().getConsentId();
                assertThat(view.forget(id)).isEqualTo(reference.remove(id) != null);
            } else {
                ConsentState c = e.getConsent();
                ConsentItem held = reference.get(c.getConsentId());
                boolean newer = held == null || held.version() < c.getVersion();
                if (newer) {
                    reference.put(c.getConsentId(), new ConsentItem(c.getConsentId(), c.getVersion(),
                            new ConsentKey(c.getResidentId(), c.getAppId(), c.getCategory(), c.getPurpose()),
                            ConsentStatus.valueOf(c.getStatus().getValue()), c.getValidFrom().toInstant(),
                            c.getValidUntil().toInstant(), e.getOccurredAt().toInstant()));
                }
                assertThat(view.apply(e)).isEqualTo(newer);
            }
            assertThat(view.size()).isEqualTo(reference.size());
            for (ConsentKey key : keys()) {
                List<ConsentItem> matching = reference.values().stream().filter(i -> i.key().equals(key)).toList();
                Instant at = NOW.plusSeconds(random.nextInt(7_200) - 3_600);
                assertThat(view.decide(key, at)).as("%s at %s", key, at).isEqualTo(decider.decide(matching, at));
                assertThat(view.itemsFor(key)).containsExactlyInAnyOrderElementsOf(matching);
                checked++;
            }
        }
        assertThat(checked).isGreaterThan(10_000);
    }

    private static List<ConsentKey> keys() {
        List<ConsentKey> keys = new ArrayList<>();
        for (String resident : List.of("r1", "r2", "r3")) {
            for (String app : List.of("app-a", "app-b")) {
                for (String category : List.of("vaccination-records", "resident-basic")) {
                    keys.add(new ConsentKey(resident, app, category, "service-provision"));
                }
            }
        }
        return keys;
    }

    /** Grants, revokes, expiries, key changes, duplicate and out-of-order versions; distinct event times. */
    private static List<ConsentEvent> randomEvents(Random random, int count) {
        List<ConsentKey> keys = keys();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            ids.add(i % 4 == 0 ? "c-" + i : UUID.nameUUIDFromBytes(new byte[] { (byte) i }).toString());
        }
        ConsentState.StatusEnum[] statuses = ConsentState.StatusEnum.values();
        List<Integer> ticks = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            ticks.add(i);
        }
        Collections.shuffle(ticks, random);
        List<ConsentEvent> events = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            ConsentKey key = keys.get(random.nextInt(keys.size()));
            Instant from = NOW.plusSeconds(random.nextInt(4_000) - 3_000);
            events.add(event(ids.get(random.nextInt(ids.size())), 1 + random.nextInt(8), key,
                    statuses[random.nextInt(statuses.length)], from, from.plusSeconds(random.nextInt(4_000)),
                    NOW.minusSeconds(10_000).plusMillis(ticks.get(i))));
        }
        return events;
    }

    @Test
    void givenManyItems_whenTheIndexGrowsAndResidentSlotsAreReused_thenEveryItemIsStillFound() {
        int residents = 3_000;
        for (int round = 0; round < 3; round++) {
            for (int r = 0; r < residents; r++) {
                for (int i = 0; i < 3; i++) {
                    String id = new UUID(r, i).toString();
                    var key = new ConsentKey("res-" + (r + round) % residents, "app-" + i, KEY.category(), KEY.purpose());
                    assertThat(view.apply(active(id, round + 1, key))).isTrue();
                }
            }
            assertThat(view.size()).isEqualTo(residents * 3);
            for (int r = 0; r < residents; r += 2) { // every other resident loses all its items
                for (int i = 0; i < 3; i++) {
                    assertThat(view.forget(new UUID(r, i).toString())).isTrue();
                }
            }
            assertThat(view.size()).isEqualTo(residents / 2 * 3);
            for (int r = 0; r < residents; r++) {
                var key = new ConsentKey("res-" + (r + round) % residents, "app-1", KEY.category(), KEY.purpose());
                assertThat(view.decide(key, NOW)).isEqualTo(r % 2 == 0
                        ? new Decision.Denied(DenialReason.CONSENT_REQUIRED, null)
                        : new Decision.Allowed(new UUID(r, 1).toString()));
            }
        }
    }

    @Test
    void givenAWriterChangingAResident_whenReadingConcurrently_thenNoReadSeesATornState() throws Exception {
        // c1 stays at KEY, flipping ACTIVE/REVOKED; other items of the same resident come and go around it
        var allowed = new Decision.Allowed("c1");
        var denied = new Decision.Denied(DenialReason.CONSENT_REVOKED, "c1");
        view.apply(active("side-0", 1, new ConsentKey("r1", "app-0", "resident-basic", "service-provision")));
        view.apply(active("c1", 1, KEY));
        AtomicBoolean writing = new AtomicBoolean(true);
        ExecutorService readers = Executors.newFixedThreadPool(2);
        try {
            Future<Integer> reader = readers.submit(() -> {
                int reads = 0;
                while (writing.get() || reads < 1_000) {
                    Decision d = view.decide(KEY, NOW);
                    if (!d.equals(allowed) && !d.equals(denied)) {
                        throw new AssertionError("torn read: " + d);
                    }
                    reads++;
                }
                return reads;
            });
            int version = 1;
            for (int round = 1; round <= 4_000; round++) {
                view.apply(++version % 2 == 0 ? revoked("c1", version, KEY) : active("c1", version, KEY));
                view.apply(active("side-" + round, 1, new ConsentKey("r1", "app-" + round % 5, "resident-basic",
                        "service-provision")));
                view.forget("side-" + (round - 1));
                if (round % 500 == 0) {
                    // a revocation is visible to every read that starts after apply returned, on any thread
                    version++;
                    view.apply(revoked("c1", version, KEY));
                    assertThat(readers.submit(() -> view.decide(KEY, NOW)).get(10, TimeUnit.SECONDS))
                            .as("read after revoke v%d returned", version).isEqualTo(denied);
                    version++;
                    view.apply(active("c1", version, KEY));
                    assertThat(readers.submit(() -> view.decide(KEY, NOW)).get(10, TimeUnit.SECONDS))
                            .as("read after grant v%d returned", version).isEqualTo(allowed);
                }
            }
            writing.set(false);
            assertThat(reader.get(30, TimeUnit.SECONDS)).isGreaterThanOrEqualTo(1_000);
            assertThat(view.size()).isEqualTo(2);
        } finally {
            writing.set(false);
            readers.shutdownNow();
        }
    }
}
