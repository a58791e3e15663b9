package org.tsunagu.gateway.webhook;

import java.util.Collections;
import java.util.Set;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.function.Supplier;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tsunagu.gateway.kafka.CompactedTopicFollower;

import tools.jackson.databind.json.JsonMapper;

/**
 * Keeps the {@link SubscriptionDirectory} current, like the consent view's loader: one consumer
 * assigned to every partition of {@code tsunagu.webhook-subscriptions.v1}, without a group,
 * replaying from the beginning on start, then following. Once it has read up to where the topic
 * ended at start it marks the directory caught up and runs {@code onCaughtUp} (which starts the
 * municipal-event consumers: no event is matched against a half-loaded directory). A consumer
 * that fails is replaced and resumes where the last one stopped, so nothing is re-applied.
 */
public class SubscriptionDirectoryLoader extends CompactedTopicFollower<String> {

    private static final Logger log = LoggerFactory.getLogger(SubscriptionDirectoryLoader.class);

    private final SubscriptionDirectory directory;
    private final JsonMapper mapper;
    private final SecretSeal seal;
    private final Runnable onCaughtUp;
    /** Subscriptions whose current record is sealed with a key this instance does not have (or is altered). */
    private final Set<String> unopenable = new ConcurrentSkipListSet<>();

    public SubscriptionDirectoryLoader(String topic, Supplier<Consumer<String, String>> consumers,
            SubscriptionDirectory directory, JsonMapper mapper, SecretSeal seal, Runnable onCaughtUp) {
        super(topic, consumers, "subscription-directory");
        this.directory = directory;
        this.mapper = mapper;
        this.seal = seal;
        this.onCaughtUp = onCaughtUp;
    }

    @Override
    protected boolean isCaughtUp() {
        return directory.isCaughtUp();
    }

    /** Marks the directory caught up first: should starting the consumers fail, it stays so. */
    @Override
    protected void caughtUp() {
        directory.markCaughtUp();
        log.info("Subscription directory caught up: {} subscriptions", directory.size());
        onCaughtUp.run();
    }

    @Override
    protected void apply(ConsumerRecord<String, String> record) {
        String id = record.key();
        if (id == null) {
            log.warn("Skipping keyless subscription record at {}-{}@{}", record.topic(), record.partition(),
                    record.offset());
            return;
        }
        Subscription s = null;
        if (record.value() != null) {
            try {
                SubscriptionRecord stored = mapper.readValue(record.value(), SubscriptionRecord.class);
                s = stored.open(seal);
                if (stored.isLegacyPlaintext()) {
                    log.warn("Subscription {} was recorded before secrets were sealed (ADR 0049): its secret stays "
                            + "readable in the topic until the app subscribes again", id);
                }
            } catch (SecretSeal.Unopenable e) {
                // the current record cannot be used here (no secret, so no signature): the subscription is
                // not served by this instance, not even as an earlier version; health shows it (ADR 0049)
                log.error("Subscription {} at {}-{}@{} is not served by this instance: its secret {}", id,
                        record.topic(), record.partition(), record.offset(), e.getMessage());
                unopenable.add(id);
                directory.read(id, null, record.partition(), record.offset());
                return;
            } catch (RuntimeException e) {
                s = null;
            }
            if (!complete(s, id)) {
                // never the value itself: it may hold a signing secret
                log.warn("Skipping unreadable subscription record at {}-{}@{}", record.topic(), record.partition(),
                        record.offset());
                return;
            }
        }
        unopenable.remove(id);
        directory.read(id, s, record.partition(), record.offset());
    }

    /** Ids of subscriptions not served here because their secret's seal does not open with this instance's keys. */
    public Set<String> unopenable() {
        return Collections.unmodifiableSet(unopenable); // a live view, in id order
    }

    private static boolean complete(Subscription s, String key) {
        return s != null && key.equals(s.id()) && s.appId() != null && s.eventType() != null && s.url() != null
                && s.purpose() != null && s.secret() != null && s.createdAt() != null;
    }
}
