package org.tsunagu.gateway.webhook;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.producer.RecordMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.tsunagu.gateway.web.ApiProblemException;
import org.tsunagu.gateway.web.ProblemType;

import tools.jackson.databind.json.JsonMapper;

/**
 * Creates and deletes subscriptions by writing them to the compacted topic
 * {@code tsunagu.webhook-subscriptions.v1} (key: subscription id; value: the subscription as
 * JSON with the secret sealed by {@link SecretSeal}, ADR 0049; a tombstone on delete) and
 * waiting, bounded, for acks=all. Only an acknowledged change counts: it is then applied to this
 * instance's {@link SubscriptionDirectory} at once (read your writes), and every other instance
 * applies it when its loader reads it (ADR 0047).
 */
public class SubscriptionPublisher {

    private static final Logger log = LoggerFactory.getLogger(SubscriptionPublisher.class);

    private final KafkaTemplate<String, String> template;
    private final String topic;
    private final Duration maxWait;
    private final SubscriptionDirectory directory;
    private final JsonMapper mapper;
    private final SecretSeal seal;

    public SubscriptionPublisher(KafkaTemplate<String, String> template, String topic, Duration maxWait,
            SubscriptionDirectory directory, JsonMapper mapper, SecretSeal seal) {
        this.template = template;
        this.topic = topic;
        this.maxWait = maxWait;
        this.directory = directory;
        this.mapper = mapper;
        this.seal = seal;
    }

    /** Closes the producer; Spring calls it at shutdown. */
    public void close() {
        template.getProducerFactory().reset();
    }

    /** Records the subscription; throws {@code dependency-unavailable} (nothing created) if Kafka does not take it. */
    public Subscription create(Subscription s) {
        RecordMetadata at = send(s.id(), mapper.writeValueAsString(SubscriptionRecord.sealed(s, seal)));
        directory.written(s.id(), s, at.partition(), at.offset());
        return s;
    }

    /**
     * Deletes the app's own subscription; false if it has none of this id. Throws
     * {@code dependency-unavailable} (nothing deleted) if Kafka does not take the tombstone.
     */
    public boolean delete(String appId, String id) {
        if (directory.byId(id).filter(s -> s.appId().equals(appId)).isEmpty()) {
            return false;
        }
        RecordMetadata at = send(id, null);
        directory.written(id, null, at.partition(), at.offset());
        return true;
    }

    private RecordMetadata send(String id, String value) {
        try {
            return template.send(topic, id, value).get(maxWait.toMillis(), TimeUnit.MILLISECONDS).getRecordMetadata();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw unavailable(id, e);
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            throw unavailable(id, e);
        }
    }

    private static ApiProblemException unavailable(String id, Exception cause) {
        // never the record itself: it holds the signing secret
        log.error("Subscription change {} not acknowledged by Kafka; nothing changed: {}", id, cause.toString());
        return new ApiProblemException(ProblemType.DEPENDENCY_UNAVAILABLE,
                "The subscription change could not be recorded, so nothing changed; try again shortly.", cause);
    }
}
