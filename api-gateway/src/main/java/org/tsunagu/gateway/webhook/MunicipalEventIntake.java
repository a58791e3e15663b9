package org.tsunagu.gateway.webhook;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
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
 * Turns each municipal event into one delivery per subscription to its type and hands a poll's
 * deliveries to the dispatcher, which makes their first attempts at once and stores what is
 * left unsettled; only then (when this returns) does the container commit the poll's offsets.
 * Nothing about consent is decided here: that happens at delivery time. A replayed event keeps
 * its webhook-id, so an app sees a repeat only under the same idempotency key.
 */
public class MunicipalEventIntake {

    private static final Logger log = LoggerFactory.getLogger(MunicipalEventIntake.class);

    /** The detail fields each event type may carry to apps; anything else is dropped. */
    private static final Map<EventType, Set<String>> DETAILS = Map.of(
            EventType.VACCINATION_DUE, Set.of("vaccine", "vaccineCode", "doseNumber", "dueBy"),
            EventType.ADDRESS_CHANGED, Set.of("postalCode", "prefecture", "city", "line", "effectiveFrom"));

    private final SubscriptionDirectory directory;
    private final WebhookDispatcher dispatcher;
    private final JsonMapper mapper;
    private final Clock clock;

    public MunicipalEventIntake(SubscriptionDirectory directory, WebhookDispatcher dispatcher, JsonMapper mapper,
            Clock clock) {
        this.directory = directory;
        this.dispatcher = dispatcher;
        this.mapper = mapper;
        this.clock = clock;
    }

    /** One poll's records: their deliveries are attempted or stored before this returns. */
    public void onRecords(List<ConsumerRecord<String, String>> records) {
        if (!directory.isCaughtUp()) { // the container starts only once it is; the poll is retried, not dropped
            throw new IllegalStateException("Subscription directory not caught up yet");
        }
        List<MunicipalEvent> events = new ArrayList<>(records.size());
        for (ConsumerRecord<String, String> record : records) {
            MunicipalEvent event = read(record);
            if (event != null) {
                events.add(event);
            }
        }
        Map<String, Subscription> subscriptions = new HashMap<>();
        List<Delivery> deliveries = deliveries(events, subscriptions);
        if (!deliveries.isEmpty()) {
            dispatcher.deliver(deliveries, subscriptions);
        }
    }

    private MunicipalEvent read(ConsumerRecord<String, String> record) {
        MunicipalEvent event;
        try {
            event = record.value() == null ? null : mapper.readValue(record.value(), MunicipalEvent.class);
        } catch (RuntimeException e) {
            event = null;
        }
        if (event == null) {
            log.warn("Skipping unreadable municipal event at {}-{}@{}", record.topic(), record.partition(),
                    record.offset());
        }
        return event;
    }

    /** One delivery per (event, subscriber); {@code subscriptions} receives the subscriptions they are for. */
    private List<Delivery> deliveries(List<MunicipalEvent> events, Map<String, Subscription> subscriptions) {
        Map<String, List<Subscription>> subscribers = new HashMap<>();
        List<Delivery> deliveries = new ArrayList<>();
        Instant now = clock.instant();
        for (MunicipalEvent event : events) {
            Optional<EventType> type = Arrays.stream(EventType.values())
                    .filter(t -> t.getValue().equals(event.getEventType())).findFirst();
            if (type.isEmpty() || event.getEventId() == null || event.getResidentId() == null
                    || event.getOccurredAt() == null
                    || !EventTypes.categoryOf(type.get()).getValue().equals(event.getCategory())) {
                log.warn("Ignoring malformed municipal event {}", event.getEventId());
                continue;
            }
            List<Subscription> to = subscribers.computeIfAbsent(type.get().getValue(), directory::byEventType);
            if (to.isEmpty()) {
                continue;
            }
            String details = mapper.writeValueAsString(minimise(type.get(), event.getData()));
            String eventId = event.getEventId().toString();
            for (Subscription s : to) {
                subscriptions.put(s.id(), s);
                deliveries.add(new Delivery(deliveryId(s.id(), eventId), s.id(), s.appId(), eventId,
                        type.get().getValue(), event.getResidentId(), event.getCategory(), details,
                        event.getOccurredAt().toInstant(), Delivery.Status.PENDING, 0, now, null, now));
            }
        }
        return deliveries;
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
