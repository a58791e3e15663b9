package org.tsunagu.gateway.webhook;

import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.tsunagu.contracts.events.WebhookDeadLetter;

/**
 * Publishes dead-lettered deliveries to {@code tsunagu.webhook-dead-letters.v1} (key
 * deliveryId). The delivery row stays DEAD in the gateway's database either way, so a lost
 * publish loses only the notice, never the delivery.
 */
public class DeadLetterPublisher {

    private static final Logger log = LoggerFactory.getLogger(DeadLetterPublisher.class);

    private final KafkaTemplate<String, WebhookDeadLetter> template;
    private final String topic;

    public DeadLetterPublisher(KafkaTemplate<String, WebhookDeadLetter> template, String topic) {
        this.template = template;
        this.topic = topic;
    }

    /** Closes the producer (the dispatcher does, at shutdown). */
    public void close() {
        template.getProducerFactory().reset();
    }

    public void publish(WebhookDeadLetter letter) {
        try {
            template.send(topic, letter.getDeliveryId(), letter).get(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            log.warn("Dead letter {} not published: {}", letter.getDeliveryId(), e.toString());
        }
    }
}
