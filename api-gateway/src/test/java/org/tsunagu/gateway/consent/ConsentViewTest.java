package org.tsunagu.gateway.consent;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.OffsetDateTime;
import java.util.UUID;

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
}
