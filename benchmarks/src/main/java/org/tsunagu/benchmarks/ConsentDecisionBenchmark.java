package org.tsunagu.benchmarks;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.tsunagu.contracts.events.ConsentEvent;
import org.tsunagu.contracts.events.ConsentState;
import org.tsunagu.gateway.consent.ConsentKey;
import org.tsunagu.gateway.consent.ConsentView;
import org.tsunagu.gateway.consent.Decision;

/**
 * One consent decision exactly as ReadService.read() and WebhookDispatcher.attempt() make it:
 * {@code view.decide(key, now)} on a populated {@link ConsentView} (resident lookup,
 * code lookups, scan of that resident's items, the Decision with its consent id string).
 * Keys are random over all residents: 3/4 consented keys (allowed or revoked), 1/8 unknown
 * residents, 1/8 known residents asking for an (app, category, purpose) they never consented to.
 * No key string is an instance the view holds (the view's come from events, as JSON parsing would
 * give them; the keys' are built separately, as a request builds them), so every lookup compares
 * content, not identity. The keys' hash codes are cached after first use, as they are for the
 * pairwise-cached resident id and the generated enums' category/purpose constants in ReadService.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = { "-Xms3g", "-Xmx3g" })
public class ConsentDecisionBenchmark {

    static final String[] CATEGORIES = { "vaccination-records", "resident-basic" };
    static final String[] PURPOSES = { "service-provision", "notification", "personalisation", "official-statistics",
            "service-provision" };

    @Param({ "100000", "1000000" })
    public int residents;

    private ConsentView view;
    private ConsentKey[] keys;
    private int[] specs;
    private int next;
    private final Instant now = Instant.now();

    @Setup(Level.Trial)
    public void fill() {
        view = ViewFiller.fill(residents, 10);
        Random random = new Random(1);
        keys = new ConsentKey[1 << 16]; // 65 536 keys over the whole view: mostly cache misses, as in production
        specs = new int[keys.length];
        for (int i = 0; i < keys.length; i++) {
            int kind = random.nextInt(8);
            int r = random.nextInt(residents);
            int item = random.nextInt(10);
            if (kind == 0) {
                keys[i] = ViewFiller.key(residents + r, item); // unknown resident
                specs[i] = (residents + r) << 5 | item;
            } else if (kind == 1) {
                keys[i] = new ConsentKey(ViewFiller.residentId(r), "app-" + item / 2,
                        fresh(CATEGORIES[item % 2]), fresh("research")); // purpose never consented
                specs[i] = r << 5 | 16 | item;
            } else {
                keys[i] = ViewFiller.key(r, item);
                specs[i] = r << 5 | item;
            }
            if (!freshKey(i).equals(keys[i])) {
                throw new IllegalStateException("fresh key " + freshKey(i) + " differs from " + keys[i]);
            }
        }
    }

    @Benchmark
    public Decision decide() {
        ConsentKey key = keys[next++ & (keys.length - 1)];
        return view.decide(key, now);
    }

    /**
     * The same keys, but each built fresh for the call as a request builds it: a new resident id
     * string and app id string (hash codes not yet computed, bytes hot in cache), category and
     * purpose as the generated enums' constant strings. Includes building the key (see {@link #freshKeyOnly}).
     */
    @Benchmark
    public Decision decideFreshKey() {
        return view.decide(freshKey(next++ & (keys.length - 1)), now);
    }

    /** Building the fresh key alone, to subtract from {@link #decideFreshKey}. */
    @Benchmark
    public ConsentKey freshKeyOnly() {
        return freshKey(next++ & (keys.length - 1));
    }

    private ConsentKey freshKey(int i) {
        int spec = specs[i];
        int item = spec & 0xF;
        return new ConsentKey(ViewFiller.residentIdFast(spec >>> 5), "app-" + item / 2, CATEGORIES[item % 2],
                (spec & 16) != 0 ? "research" : PURPOSES[item / 2 % PURPOSES.length]);
    }

    /** A copy with its own bytes and no cached hash code (new String(String) would share both). */
    static String fresh(String s) {
        return new String(s.toCharArray());
    }

    /** Fills a view with {@code items} consent items for each of {@code residents} residents. */
    public static final class ViewFiller {

        private ViewFiller() {
        }

        /** Resident ids shaped like id-service's ("RID-S" + 32 hex digits). */
        public static String residentId(int resident) {
            return "RID-S" + String.format("%032X", resident * 0x9E3779B97F4A7C15L & Long.MAX_VALUE);
        }

        /** A key built as a request builds it: fresh strings, none of them an instance the view holds. */
        /** {@link #residentId} without String.format, as fast as a request's own string building. */
        public static String residentIdFast(int resident) {
            long v = resident * 0x9E3779B97F4A7C15L & Long.MAX_VALUE;
            byte[] b = new byte[37];
            b[0] = 'R';
            b[1] = 'I';
            b[2] = 'D';
            b[3] = '-';
            b[4] = 'S';
            for (int i = 36; i > 20; i--) {
                b[i] = (byte) "0123456789ABCDEF".charAt((int) (v & 0xF));
                v >>>= 4;
            }
            for (int i = 20; i > 4; i--) {
                b[i] = '0';
            }
            return new String(b, java.nio.charset.StandardCharsets.ISO_8859_1);
        }

        public static ConsentKey key(int resident, int item) {
            return new ConsentKey(residentId(resident), "app-" + (item / 2), fresh(CATEGORIES[item % 2]),
                    fresh(PURPOSES[item / 2 % PURPOSES.length]));
        }

        /** Item {@code item} of resident {@code resident}: UUID consent id (as consent-service issues), item 9 revoked. */
        public static ConsentEvent event(int resident, int item, OffsetDateTime now) {
            return event(resident, item, now, ThreadLocalRandom.current());
        }

        /**
         * As {@link #event(int, int, OffsetDateTime)} with ids from {@code random} (random canonical
         * UUIDs, not SecureRandom's: filling 1 M residents spent most of its time in UUID.randomUUID).
         * Every string is a fresh instance, as JSON parsing gives them.
         */
        public static ConsentEvent event(int resident, int item, OffsetDateTime now, Random random) {
            ConsentKey key = key(resident, item);
            ConsentState state = new ConsentState(uuid(random).toString(), item == 9 ? 2 : 1,
                    fresh(key.residentId()), fresh(key.appId()), fresh(key.category()), fresh(key.purpose()),
                    item == 9 ? ConsentState.StatusEnum.REVOKED : ConsentState.StatusEnum.ACTIVE,
                    now.minusDays(1), now.plusDays(365));
            return new ConsentEvent(uuid(random), item == 9 ? ConsentEvent.EventTypeEnum.CONSENT_REVOKED
                    : ConsentEvent.EventTypeEnum.CONSENT_GRANTED, now, state);
        }

        /** A random version-4 UUID from {@code random}. */
        static UUID uuid(Random random) {
            long hi = random.nextLong() & ~0xF000L | 0x4000L;
            long lo = random.nextLong() & ~(3L << 62) | 1L << 63;
            return new UUID(hi, lo);
        }

        public static ConsentView fill(int residents, int items) {
            ConsentView view = new ConsentView();
            OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
            Random random = new Random(7);
            for (int r = 0; r < residents; r++) {
                for (int i = 0; i < items; i++) {
                    view.apply(event(r, i, now, random));
                }
            }
            view.markCaughtUp();
            return view;
        }
    }
}
