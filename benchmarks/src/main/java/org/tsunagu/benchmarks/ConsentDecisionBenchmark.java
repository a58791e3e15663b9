package org.tsunagu.benchmarks;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;
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
import org.tsunagu.gateway.consent.ConsentDecider;
import org.tsunagu.gateway.consent.ConsentKey;
import org.tsunagu.gateway.consent.ConsentView;
import org.tsunagu.gateway.consent.Decision;

/**
 * One consent decision as the read path makes it: look up the items of one (resident, app,
 * category, purpose) in a populated {@link ConsentView} and let {@link ConsentDecider} decide.
 */
@State(Scope.Benchmark)
@BenchmarkMode({ Mode.SampleTime, Mode.AverageTime })
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class ConsentDecisionBenchmark {

    static final String[] CATEGORIES = { "vaccination-records", "resident-basic" };
    static final String[] PURPOSES = { "service-provision", "notification", "personalisation", "official-statistics",
            "service-provision" };

    @Param("100000")
    public int residents;

    private final ConsentDecider decider = new ConsentDecider();
    private ConsentView view;
    private ConsentKey[] keys;
    private int next;
    private final Instant now = Instant.now();

    @Setup(Level.Trial)
    public void fill() {
        view = ViewFiller.fill(residents, 10);
        keys = new ConsentKey[4096];
        for (int i = 0; i < keys.length; i++) {
            int r = (int) ((i * 2654435761L) % residents);
            int item = i % 10;
            keys[i] = ViewFiller.key(r, item);
        }
    }

    @Benchmark
    public Decision decide() {
        ConsentKey key = keys[next++ & (keys.length - 1)];
        return decider.decide(view.itemsFor(key), now);
    }

    /** Fills a view with {@code items} consent items for each of {@code residents} residents. */
    public static final class ViewFiller {

        private ViewFiller() {
        }

        public static ConsentKey key(int resident, int item) {
            return new ConsentKey("res-" + resident, "app-" + (item / 2), CATEGORIES[item % 2],
                    PURPOSES[item / 2 % PURPOSES.length]);
        }

        public static ConsentView fill(int residents, int items) {
            ConsentView view = new ConsentView();
            OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
            for (int r = 0; r < residents; r++) {
                for (int i = 0; i < items; i++) {
                    ConsentKey key = key(r, i);
                    ConsentState state = new ConsentState("c-" + r + "-" + i, 1, key.residentId(), key.appId(),
                            key.category(), key.purpose(), i == 9 ? ConsentState.StatusEnum.REVOKED
                                    : ConsentState.StatusEnum.ACTIVE, now.minusDays(1), now.plusDays(365));
                    view.apply(new ConsentEvent(UUID.randomUUID(), ConsentEvent.EventTypeEnum.CONSENT_GRANTED, now,
                            state));
                }
            }
            view.markCaughtUp();
            return view;
        }
    }
}
