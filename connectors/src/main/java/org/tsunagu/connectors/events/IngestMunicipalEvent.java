package org.tsunagu.connectors.events;

import java.util.UUID;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.transaction.annotation.Transactional;
import org.tsunagu.api.connector.model.MunicipalEventNotice;
import org.tsunagu.connectors.link.ResidentLinks;
import org.tsunagu.contracts.events.MunicipalEvent;

/**
 * Accepts an authenticated notice: maps the municipal key to the regional resident id, translates
 * it to the canonical event and stores it in the outbox, all in one transaction.
 */
public class IngestMunicipalEvent {

    private final ResidentLinks links;
    private final MunicipalEventOutbox outbox;
    private final ApplicationEventPublisher events;

    public IngestMunicipalEvent(ResidentLinks links, MunicipalEventOutbox outbox, ApplicationEventPublisher events) {
        this.links = links;
        this.outbox = outbox;
        this.events = events;
    }

    /** Returns the canonical event id (the same one for a repeated notice). */
    @Transactional
    public UUID ingest(String system, String webhookId, MunicipalEventNotice notice) {
        if (!MunicipalEventTranslator.toldBy(notice.getEventType(), system)) {
            throw NoticeRejectedException.badRequest("The " + system + " system does not send "
                    + notice.getEventType().getValue() + " events.");
        }
        String residentId = links.residentId(system, notice.getMunicipalKey())
                .orElseThrow(() -> NoticeRejectedException.unknownResident(system));
        UUID eventId = MunicipalEventTranslator.eventId(system, webhookId);
        MunicipalEvent event = MunicipalEventTranslator.translate(eventId, residentId, notice);
        if (outbox.append(event)) {
            events.publishEvent(new MunicipalEventRelay.Stored());
        }
        return eventId;
    }
}
