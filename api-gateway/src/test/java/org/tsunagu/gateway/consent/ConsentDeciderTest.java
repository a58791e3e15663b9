package org.tsunagu.gateway.consent;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

class ConsentDeciderTest {

    private static final Instant NOW = Instant.parse("2026-06-01T00:00:00Z");
    private static final ConsentKey KEY = new ConsentKey("r1", "app", "vaccination-records", "service-provision");

    private final ConsentDecider decider = new ConsentDecider();

    private static ConsentItem item(String id, ConsentStatus status, Instant from, Instant until, Instant updatedAt) {
        return new ConsentItem(id, 1, KEY, status, from, until, updatedAt);
    }

    private static ConsentItem active(String id) {
        return item(id, ConsentStatus.ACTIVE, NOW.minus(Duration.ofDays(1)), NOW.plus(Duration.ofDays(1)),
                NOW.minus(Duration.ofDays(1)));
    }

    @Test
    void givenNoItems_whenDeciding_thenConsentRequired() {
        assertThat(decider.decide(List.of(), NOW))
                .isEqualTo(new Decision.Denied(DenialReason.CONSENT_REQUIRED, null));
    }

    @Test
    void givenActiveItemInWindow_whenDeciding_thenAllowedByThatItem() {
        assertThat(decider.decide(List.of(active("c1")), NOW)).isEqualTo(new Decision.Allowed("c1"));
    }

    @Test
    void givenWindowStartsNow_whenDeciding_thenAllowed_andEndingNow_thenExpired() {
        var startsNow = item("c1", ConsentStatus.ACTIVE, NOW, NOW.plusSeconds(60), NOW);
        var endsNow = item("c2", ConsentStatus.ACTIVE, NOW.minusSeconds(60), NOW, NOW);

        assertThat(decider.decide(List.of(startsNow), NOW)).isEqualTo(new Decision.Allowed("c1"));
        assertThat(decider.decide(List.of(endsNow), NOW))
                .isEqualTo(new Decision.Denied(DenialReason.CONSENT_EXPIRED, "c2"));
    }

    @Test
    void givenActiveItemNotYetValid_whenDeciding_thenExpired() {
        var future = item("c1", ConsentStatus.ACTIVE, NOW.plusSeconds(60), NOW.plusSeconds(120), NOW);
        assertThat(decider.decide(List.of(future), NOW))
                .isEqualTo(new Decision.Denied(DenialReason.CONSENT_EXPIRED, "c1"));
    }

    @Test
    void givenRevokedItem_whenDeciding_thenRevoked() {
        var revoked = item("c1", ConsentStatus.REVOKED, NOW.minusSeconds(60), NOW.plusSeconds(60), NOW);
        assertThat(decider.decide(List.of(revoked), NOW))
                .isEqualTo(new Decision.Denied(DenialReason.CONSENT_REVOKED, "c1"));
    }

    @Test
    void givenExpiredItem_whenDeciding_thenExpired() {
        var expired = item("c1", ConsentStatus.EXPIRED, NOW.minusSeconds(60), NOW.plusSeconds(60), NOW);
        assertThat(decider.decide(List.of(expired), NOW))
                .isEqualTo(new Decision.Denied(DenialReason.CONSENT_EXPIRED, "c1"));
    }

    @Test
    void givenOldRevokedAndNewerExpired_whenDeciding_thenTheLatestGivesTheReason() {
        var revoked = item("c1", ConsentStatus.REVOKED, NOW.minusSeconds(600), NOW.plusSeconds(600),
                NOW.minusSeconds(300));
        var expired = item("c2", ConsentStatus.EXPIRED, NOW.minusSeconds(200), NOW.minusSeconds(10),
                NOW.minusSeconds(10));
        assertThat(decider.decide(List.of(revoked, expired), NOW))
                .isEqualTo(new Decision.Denied(DenialReason.CONSENT_EXPIRED, "c2"));
    }

    @Test
    void givenRevokedThenRegranted_whenDeciding_thenAllowedByTheNewGrant() {
        var revoked = item("c1", ConsentStatus.REVOKED, NOW.minusSeconds(600), NOW.plusSeconds(600), NOW);
        assertThat(decider.decide(List.of(revoked, active("c2")), NOW)).isEqualTo(new Decision.Allowed("c2"));
    }
}
