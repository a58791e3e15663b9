package org.tsunagu.benchmarks;

import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.Utils;
import org.springframework.kafka.support.serializer.JacksonJsonSerializer;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;
import org.tsunagu.contracts.events.ConsentEvent;
import org.tsunagu.gateway.consent.ConsentView;
import org.tsunagu.gateway.consent.ConsentViewLoader;

import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * A real rebuild of the gateway's consent view: starts an in-process KRaft broker, publishes
 * N residents × 10 consent events to {@code tsunagu.consent-events.v1} (3 partitions, compacted)
 * exactly as consent-service does (JacksonJsonSerializer without type headers, key
 * {@code residentId/consentId}, partition murmur2(residentId) % 3 as its ResidentPartitioner),
 * then times the gateway's own {@link ConsentViewLoader} (consumer configured as
 * ConsentViewConfig does) from start until the view reports caught up, and prints the heap
 * retained after a full GC. Run with a large enough heap (the broker runs in the same JVM).
 */
public final class ConsentReplayBenchmark {

    private static final String TOPIC = "tsunagu.consent-events.v1";
    private static final int PARTITIONS = 3;

    private ConsentReplayBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int residents = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        int items = 10;
        EmbeddedKafkaKraftBroker broker = new EmbeddedKafkaKraftBroker(1, PARTITIONS);
        broker.brokerProperty("log.dirs", System.getProperty("java.io.tmpdir") + "/consent-replay-" + System.nanoTime());
        broker.afterPropertiesSet();
        try {
            broker.addTopics(new NewTopic(TOPIC, PARTITIONS, (short) 1)
                    .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT)));
            long produceMs = produce(broker.getBrokersAsString(), residents, items);
            System.out.printf("produced=%d produce_ms=%d%n", (long) residents * items, produceMs);

            long before = usedAfterGc();
            ConsentView view = new ConsentView();
            ConsentViewLoader loader = new ConsentViewLoader(TOPIC,
                    () -> new KafkaConsumer<>(consumerProps(broker.getBrokersAsString()), new StringDeserializer(),
                            new ByteArrayDeserializer()),
                    view, JsonMapper.builder().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build());
            long start = System.nanoTime();
            loader.start();
            while (!view.isCaughtUp()) {
                Thread.sleep(20); // a benchmark main polling a flag, not a test
            }
            long replayMs = (System.nanoTime() - start) / 1_000_000;
            loader.stop();
            long after = usedAfterGc();
            System.out.printf("residents=%d items=%d replay_ms=%d events_per_s=%.0f retained_bytes=%d "
                    + "bytes_per_item=%.1f digest=%s%n", residents, view.size(), replayMs,
                    view.size() * 1000.0 / replayMs, after - before, (after - before) / (double) view.size(),
                    view.digestHex());
        } finally {
            broker.destroy();
        }
    }

    /** The consumer as ConsentViewConfig builds it (no group, earliest, no commits, fetch.max.wait 50 ms). */
    private static Map<String, Object> consumerProps(String bootstrap) {
        Map<String, Object> props = new HashMap<>();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 50);
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, "api-gateway-consent-view");
        return props;
    }

    private static long produce(String bootstrap, int residents, int items) throws Exception {
        JacksonJsonSerializer<ConsentEvent> values = new JacksonJsonSerializer<>(); // as consent-service's producer
        values.configure(Map.of(JacksonJsonSerializer.ADD_TYPE_INFO_HEADERS, false), false);
        Map<String, Object> props = new HashMap<>();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        // batching (consent-service sends one at a time; here only the loading speed of the fixture differs)
        props.put(ProducerConfig.LINGER_MS_CONFIG, 20);
        props.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
        AtomicReference<Exception> failure = new AtomicReference<>();
        long start = System.nanoTime();
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        try (var producer = new KafkaProducer<>(props, new StringSerializer(), values)) {
            for (int r = 0; r < residents; r++) {
                for (int i = 0; i < items; i++) {
                    ConsentEvent event = ConsentDecisionBenchmark.ViewFiller.event(r, i, now);
                    String residentId = event.getConsent().getResidentId();
                    int partition = Utils.toPositive(Utils.murmur2(residentId.getBytes(StandardCharsets.UTF_8)))
                            % PARTITIONS;
                    producer.send(new ProducerRecord<>(TOPIC, partition,
                            residentId + "/" + event.getConsent().getConsentId(), event), (m, e) -> {
                                if (e != null) {
                                    failure.set(e);
                                }
                            });
                }
                if (failure.get() != null) {
                    throw failure.get();
                }
            }
            producer.flush();
        }
        if (failure.get() != null) {
            throw failure.get();
        }
        return (System.nanoTime() - start) / 1_000_000;
    }

    private static long usedAfterGc() {
        Runtime rt = Runtime.getRuntime();
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return rt.totalMemory() - rt.freeMemory();
    }
}
