package org.tsunagu.id.login;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.stereotype.Component;
import org.tsunagu.id.IdServiceProperties;

/**
 * Slows password guessing down: after {@code tsunagu.login.max-failures} failed logins for one
 * login id (or ten times that from one address) within {@code tsunagu.login.lockout}, further
 * attempts are refused without checking the password until the lockout has passed. Keyed by what
 * was typed, existing account or not, so a lockout says nothing about whether an account exists.
 * In memory: one instance's view; enough for the embedded hub.
 */
@Component
public class LoginThrottle {

    private static final int MAX_TRACKED = 100_000;

    private final Map<String, Failures> failures = new ConcurrentHashMap<>();
    private final int maxFailures;
    private final Duration lockout;
    private final Clock clock;

    private record Failures(int count, Instant last) {
    }

    @org.springframework.beans.factory.annotation.Autowired
    public LoginThrottle(IdServiceProperties properties) {
        this(properties.login().maxFailures(), properties.login().lockout(), Clock.systemUTC());
    }

    LoginThrottle(int maxFailures, Duration lockout, Clock clock) {
        this.maxFailures = maxFailures;
        this.lockout = lockout;
        this.clock = clock;
    }

    /** @return whether an attempt for this login id from this address must be refused unchecked */
    public boolean isLocked(String loginId, String address) {
        return locked(accountKey(loginId), maxFailures) || locked(addressKey(address), maxFailures * 10);
    }

    public void failed(String loginId, String address) {
        if (failures.size() > MAX_TRACKED) {
            Instant cutoff = clock.instant().minus(lockout);
            failures.values().removeIf(f -> f.last().isBefore(cutoff));
        }
        record(accountKey(loginId));
        record(addressKey(address));
    }

    public void succeeded(String loginId) {
        failures.remove(accountKey(loginId));
    }

    private boolean locked(String key, int max) {
        Failures f = failures.get(key);
        return f != null && f.count() >= max && f.last().plus(lockout).isAfter(clock.instant());
    }

    private void record(String key) {
        Instant now = clock.instant();
        failures.compute(key, (k, f) -> f == null || f.last().plus(lockout).isBefore(now)
                ? new Failures(1, now) : new Failures(f.count() + 1, now));
    }

    private static String accountKey(String loginId) {
        return "id:" + (loginId == null ? "" : loginId.trim().toLowerCase(Locale.ROOT));
    }

    private static String addressKey(String address) {
        return "ip:" + address;
    }
}
