package org.tsunagu.gateway.kafka;

import java.time.Duration;
import java.util.Map;

import org.apache.kafka.clients.producer.ProducerConfig;

/**
 * Producer settings for records the gateway must not answer without: durable (acks=all),
 * idempotent, and bounded in time (waiting for metadata, for a request, for delivery), so a
 * broker outage turns into a prompt refusal, not a hanging request. Used for access records and
 * webhook subscriptions.
 */
public final class BoundedDurableProducer {

    private BoundedDurableProducer() {
    }

    public static Map<String, Object> settings(String clientId, Duration maxBlock, Duration requestTimeout,
            Duration deliveryTimeout) {
        return Map.of(
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.MAX_BLOCK_MS_CONFIG, (int) maxBlock.toMillis(),
                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) requestTimeout.toMillis(),
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) deliveryTimeout.toMillis(),
                ProducerConfig.LINGER_MS_CONFIG, 0,
                ProducerConfig.CLIENT_ID_CONFIG, clientId);
    }
}
