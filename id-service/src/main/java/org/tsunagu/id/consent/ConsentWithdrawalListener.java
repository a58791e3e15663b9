package org.tsunagu.id.consent;

import java.time.Instant;

import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;
import org.tsunagu.contracts.events.ConsentEvent;

/**
 * When a resident's consent for an app is revoked or expires (consent-service's event), that app's
 * refresh tokens for that resident stop working at once: the app must send the resident through
 * the login and consent screen again.
 */
@Component
class ConsentWithdrawalListener {

    private final AppTokenRevocation revocation;

    ConsentWithdrawalListener(AppTokenRevocation revocation) {
        this.revocation = revocation;
    }

    @KafkaListener(id = "id-consent-withdrawals", topics = ConsentEventsConfiguration.TOPIC,
            containerFactory = "consentEventListenerFactory")
    void on(ConsentEvent event) {
        if (event == null || event.getConsent() == null
                || event.getEventType() == ConsentEvent.EventTypeEnum.CONSENT_GRANTED) {
            return;
        }
        Instant when = event.getOccurredAt() != null ? event.getOccurredAt().toInstant() : Instant.now();
        revocation.revoke(event.getConsent().getResidentId(), event.getConsent().getAppId(), when);
    }
}
