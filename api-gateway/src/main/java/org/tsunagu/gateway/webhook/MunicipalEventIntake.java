package org.tsunagu.gateway.webhook;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tsunagu.api.gateway.model.EventType;
import org.tsunagu.contracts.events.MunicipalEvent;
import org.tsunagu.gateway.catalog.EventTypes;

import tools.jackson.databind.json.JsonMapper;

/**
 * Turns each municipal event into one pending delivery per subscription to its type. Nothing
 * about consent is decided here: that happens at delivery time. Replays are harmless: a
 * (subscription, event) pair is enqueued once.
 */
public class MunicipalEventIntake {

    private static final Logger log = LoggerFactory.getLogger(MunicipalEventIntake.class);

    /** The detail fields each event type may carry to apps; anything else is dropped. */
    private static final Map<EventType, Set<String>> DETAILS = Map.of(
            EventType.VACCINATION_DUE, Set.of("vaccine", "vaccineCode", "doseNumber", "dueBy"),
            EventType.ADDRESS_CHANGED, Set.of("postalCode", "prefecture", "city", "line", "effectiveFrom"));

    private final WebhookStore store;
    private final WebhookDispatcher dispatcher;
    private final JsonMapper mapper;
    private final Clock clock;

    public MunicipalEventIntake(WebhookStore store, WebhookDispatcher dispatcher, JsonMapper mapper, Clock clock) {
        this.store = store;
        this.dispatcher = dispatcher;
        this.mapper = mapper;
        this.clock = clock;
    }

    public void onRecord(ConsumerRecord<String, String> record) {
        MunicipalEvent event;
        try {
            event = record.value() == null ? null : mapper.readValue(record.value(), MunicipalEvent.class);
        } catch (RuntimeException e) {
            event = null;
        }
        if (event == null) {
            log.warn("Skipping unreadable municipal event at {}-{}@{}", record.topic(), record.partition(),
                    record.offset());
            return;
        }
        accept(event);
    }

    /** Enqueues the event for every subscriber; returns how many deliveries were new. */
    public int accept(MunicipalEvent event) {
        Optional<EventType> type = Arrays.stream(EventType.values())
                .filter(t -> t.getValue().equals(event.getEventType())).findFirst();
        if (type.isEmpty() || event.getEventId() == null || event.getResidentId() == null
                || event.getOccurredAt() == null
                || !EventTypes.categoryOf(type.get()).getValue().equals(event.getCategory())) {
            log.warn("Ignoring malformed municipal event {}", event.getEventId());
            return 0;
        }
        String details = mapper.writeValueAsString(minimise(type.get(), event.getData()));
        int added = 0;
        for (Subscription s : store.subscriptionsTo(type.get().getValue())) {
            String eventId = event.getEventId().toString();
            Delivery d = new Delivery(deliveryId(s.id(), eventId), s.id(), s.appId(), eventId,
                    type.get().getValue(), event.getResidentId(), event.getCategory(), details,
                    event.getOccurredAt().toInstant(), Delivery.Status.PENDING, 0, clock.instant(), null,
                    clock.instant());
            if (store.enqueue(d, clock.instant())) {
                added++;
            }
        }
        if (added > 0) {
            dispatcher.nudge();
        }
        return added;
    }

    /** The webhook-id: fixed per (subscription, event), so a replayed event keeps its idempotency key. */
    static String deliveryId(String subscriptionId, String eventId) {
        return "msg_" + UUID.nameUUIDFromBytes((subscriptionId + "|" + eventId).getBytes(StandardCharsets.UTF_8))
                .toString().replace("-", "");
    }

    private static Map<String, String> minimise(EventType type, Map<String, String> data) {
        Map<String, String> kept = new LinkedHashMap<>();
        if (data != null) {
            data.forEach((k, v) -> {
                if (DETAILS.get(type).contains(k) && v != null && v.length() <= 256) {
                    kept.put(k, v);
                }
            });
        }
        return kept;
    }
}
