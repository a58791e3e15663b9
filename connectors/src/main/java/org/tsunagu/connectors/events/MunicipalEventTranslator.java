package org.tsunagu.connectors.events;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.tsunagu.api.connector.model.MunicipalEventNotice;
import org.tsunagu.contracts.events.MunicipalEvent;

/**
 * Translates a municipal system's notice into the hub's canonical {@link MunicipalEvent}: which
 * system may tell which event type, which category it concerns, and which detail fields may
 * travel (everything else is dropped, so no municipal key or stray field leaves the connector).
 */
public final class MunicipalEventTranslator {

    /** What one event type is: the system that tells it, its category and its allowed details. */
    record EventKind(String system, String category, List<String> fields) {
    }

    private static final Map<MunicipalEventNotice.EventTypeEnum, EventKind> KINDS = Map.of(
            MunicipalEventNotice.EventTypeEnum.VACCINATION_DUE,
            new EventKind("health", "vaccination-records", List.of("vaccine", "vaccineCode", "doseNumber", "dueBy")),
            MunicipalEventNotice.EventTypeEnum.ADDRESS_CHANGED,
            new EventKind("registry", "resident-basic",
                    List.of("postalCode", "prefecture", "city", "line", "effectiveFrom")));

    private MunicipalEventTranslator() {
    }

    /** Whether the system is the one that tells this event type. */
    public static boolean toldBy(MunicipalEventNotice.EventTypeEnum type, String system) {
        return KINDS.get(type).system().equals(system);
    }

    /** The canonical event id of a notice: the same (system, webhook-id) always gives the same id. */
    public static UUID eventId(String system, String webhookId) {
        return UUID.nameUUIDFromBytes(("tsunagu-municipal-event|" + system + "|" + webhookId)
                .getBytes(StandardCharsets.UTF_8));
    }

    public static MunicipalEvent translate(UUID eventId, String residentId, MunicipalEventNotice notice) {
        EventKind kind = KINDS.get(notice.getEventType());
        Map<String, String> details = new LinkedHashMap<>();
        Map<String, String> given = notice.getData() == null ? Map.of() : notice.getData();
        for (String field : kind.fields()) {
            String value = given.get(field);
            if (value != null && !value.isBlank()) {
                details.put(field, value);
            }
        }
        return new MunicipalEvent(eventId, notice.getEventType().getValue(), notice.getOccurredAt(), residentId,
                kind.category()).data(details);
    }
}
