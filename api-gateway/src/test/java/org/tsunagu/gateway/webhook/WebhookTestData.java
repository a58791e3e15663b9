package org.tsunagu.gateway.webhook;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.UUID;

import org.tsunagu.contracts.events.ConsentEvent;
import org.tsunagu.contracts.events.ConsentState;

/**
 * What the dispatcher tests deliver: the vaccine app's subscription to vaccination-due, a
 * resident's consent to it, and a delivery of one event, due now.
 */
final class WebhookTestData {

    static final String APP = "aizu-vaccine-notebook";
    static final String CATEGORY = "vaccination-records";
    static final String PURPOSE = "service-provision";

    private WebhookTestData() {
    }

    /** The app's subscription to vaccination-due for service provision, delivered to {@code url}. */
    static Subscription subscription(String url) {
        return new Subscription("sub-" + UUID.randomUUID(), APP, "vaccination-due", url, PURPOSE,
                "whsec_" + "MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", Instant.now());
    }

    /** The resident's consent to the app for the category and purpose, in force for the next hour. */
    static ConsentEvent consentGranted(String residentId) {
        Instant now = Instant.now();
        var state = new ConsentState("c-" + residentId, 1, residentId, APP, CATEGORY, PURPOSE,
                ConsentState.StatusEnum.ACTIVE, now.minusSeconds(3600).atOffset(ZoneOffset.UTC),
                now.plusSeconds(3600).atOffset(ZoneOffset.UTC));
        return new ConsentEvent(UUID.randomUUID(), ConsentEvent.EventTypeEnum.CONSENT_GRANTED,
                now.minusSeconds(10).atOffset(ZoneOffset.UTC), state);
    }

    /** A new delivery of one vaccination-due event for the resident, due now. */
    static Delivery due(Subscription s, String residentId) {
        String eventId = UUID.randomUUID().toString();
        Instant now = Instant.now();
        return new Delivery(MunicipalEventIntake.deliveryId(s.id(), eventId), s.id(), s.appId(), eventId,
                "vaccination-due", residentId, CATEGORY, "{\"vaccine\":\"BCG\"}", now, Delivery.Status.PENDING, 0, now,
                null, now);
    }
}
