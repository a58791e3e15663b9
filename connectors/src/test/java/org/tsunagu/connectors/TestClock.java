package org.tsunagu.connectors;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * A clock the tests move forward instead of sleeping: a base (the system clock, or a fixed instant)
 * plus an offset. The Spring tests' context uses one as its {@link Clock} bean, reset after each test.
 */
public final class TestClock extends Clock {

    private final Clock base;
    private volatile Duration offset = Duration.ZERO;

    private TestClock(Clock base) {
        this.base = base;
    }

    /** Now, moving with the system clock, plus what the test added. */
    public static TestClock system() {
        return new TestClock(Clock.systemUTC());
    }

    /** Stands still at {@code at} until the test moves it. */
    public static TestClock fixed(Instant at) {
        return new TestClock(Clock.fixed(at, ZoneOffset.UTC));
    }

    public void advance(Duration by) {
        offset = offset.plus(by);
    }

    public void reset() {
        offset = Duration.ZERO;
    }

    @Override
    public Instant instant() {
        return base.instant().plus(offset);
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }
}
