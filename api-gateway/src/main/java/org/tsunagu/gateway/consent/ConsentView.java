package org.tsunagu.gateway.consent;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tsunagu.contracts.events.ConsentEvent;
import org.tsunagu.contracts.events.ConsentState;

/**
 * The gateway's local, in-memory copy of every consent item, fed from
 * {@code tsunagu.consent-events.v1}. Applying is idempotent: a version not newer than the one
 * held for that consent id is ignored. Written by one thread, read by many.
 */
public class ConsentView {

    private static final Logger log = LoggerFactory.getLogger(ConsentView.class);

    private final Map<String, ConsentItem> byId = new ConcurrentHashMap<>();
    private final Map<ConsentKey, Set<String>> idsByKey = new ConcurrentHashMap<>();
    private volatile boolean caughtUp;

    /** Applies one event; returns whether it changed the view. Malformed events are ignored. */
    public synchronized boolean apply(ConsentEvent event) {
        ConsentItem item = toItem(event);
        if (item == null) {
            return false;
        }
        ConsentItem held = byId.get(item.consentId());
        if (held != null && held.version() >= item.version()) {
            return false;
        }
        if (held != null && !held.key().equals(item.key())) {
            removeFromIndex(held);
        }
        byId.put(item.consentId(), item);
        idsByKey.computeIfAbsent(item.key(), k -> ConcurrentHashMap.newKeySet()).add(item.consentId());
        return true;
    }

    /** Forgets a consent item (a tombstone on the compacted topic): reads fall back to deny. */
    public synchronized void forget(String consentId) {
        ConsentItem held = byId.remove(consentId);
        if (held != null) {
            removeFromIndex(held);
        }
    }

    public List<ConsentItem> itemsFor(ConsentKey key) {
        Set<String> ids = idsByKey.get(key);
        if (ids == null || ids.isEmpty()) {
            return List.of();
        }
        List<ConsentItem> items = new java.util.ArrayList<>(ids.size());
        for (String id : ids) {
            ConsentItem item = byId.get(id);
            if (item != null) {
                items.add(item);
            }
        }
        return items;
    }

    public int size() {
        return byId.size();
    }

    /** True once the view has replayed the topic up to the end offsets seen at start. */
    public boolean isCaughtUp() {
        return caughtUp;
    }

    /** Called by the loader once replay reached the end offsets taken at start. */
    public void markCaughtUp() {
        caughtUp = true;
    }

    private void removeFromIndex(ConsentItem item) {
        Set<String> ids = idsByKey.get(item.key());
        if (ids != null) {
            ids.remove(item.consentId());
        }
    }

    private static ConsentItem toItem(ConsentEvent event) {
        ConsentState c = event == null ? null : event.getConsent();
        if (c == null || c.getConsentId() == null || c.getVersion() == null || c.getStatus() == null
                || c.getResidentId() == null || c.getAppId() == null || c.getCategory() == null
                || c.getPurpose() == null || c.getValidFrom() == null || c.getValidUntil() == null) {
            log.warn("Ignoring malformed consent event {}", event == null ? null : event.getEventId());
            return null;
        }
        Instant updatedAt = event.getOccurredAt() != null ? event.getOccurredAt().toInstant() : Instant.EPOCH;
        return new ConsentItem(c.getConsentId(), c.getVersion(),
                new ConsentKey(c.getResidentId(), c.getAppId(), c.getCategory(), c.getPurpose()),
                ConsentStatus.valueOf(c.getStatus().getValue()),
                c.getValidFrom().toInstant(), c.getValidUntil().toInstant(), updatedAt);
    }
}
