package org.tsunagu.gateway.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.producer.ProducerConfig;
import org.junit.jupiter.api.Test;
import org.tsunagu.contracts.events.AccessRecord;
import org.tsunagu.gateway.web.ApiProblemException;
import org.tsunagu.gateway.web.ProblemType;

/** The real Kafka sink against a broker that is not there: it must fail, and fail within its bound. */
class KafkaAccessRecordSinkTest {

    @Test
    void givenUnreachableBroker_whenWriting_thenAuditUnavailableWithinTheBound() {
        Duration maxBlock = Duration.ofMillis(500);
        Map<String, Object> props = new HashMap<>(AccessRecordConfig.producerSettings(maxBlock,
                Duration.ofMillis(500), Duration.ofMillis(1000)));
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:1");
        var template = AccessRecordConfig.template(props);
        var sink = new KafkaAccessRecordSink(template, "tsunagu.access-records.v1", Duration.ofSeconds(2));
        var record = new AccessRecord(UUID.randomUUID(), OffsetDateTime.now(), "r1", "app", "vaccination-records",
                AccessRecord.DecisionEnum.ALLOWED, "granted", AccessRecord.ChannelEnum.API_READ);

        long started = System.nanoTime();
        try {
            assertThatThrownBy(() -> sink.write(record))
                    .isInstanceOfSatisfying(ApiProblemException.class,
                            e -> assertThat(e.type()).isEqualTo(ProblemType.AUDIT_UNAVAILABLE));
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
        } finally {
            template.destroy();
        }
    }

    @Test
    void givenUnreachableBroker_whenWritingABatch_thenNoneIsReportedWritten_withinOneBound() {
        Map<String, Object> props = new HashMap<>(AccessRecordConfig.producerSettings(Duration.ofMillis(500),
                Duration.ofMillis(500), Duration.ofMillis(1000)));
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:1");
        var template = AccessRecordConfig.template(props);
        var sink = new KafkaAccessRecordSink(template, "tsunagu.access-records.v1", Duration.ofSeconds(2));
        List<AccessRecord> records = java.util.stream.IntStream.range(0, 20).mapToObj(i -> new AccessRecord(
                UUID.randomUUID(), OffsetDateTime.now(), "r" + i, "app", "vaccination-records",
                AccessRecord.DecisionEnum.ALLOWED, "granted", AccessRecord.ChannelEnum.WEBHOOK_DELIVERY)).toList();

        long started = System.nanoTime();
        try {
            boolean[] written = sink.writeAll(records);
            assertThat(written).hasSize(20).containsOnly(false);
            // one bound for the whole batch, not one per record
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
        } finally {
            template.destroy();
        }
    }

    @Test
    void givenAProducerInUse_whenClosed_thenItsNetworkThreadIsGone() {
        Map<String, Object> props = new HashMap<>(AccessRecordConfig.producerSettings(Duration.ofMillis(300),
                Duration.ofMillis(300), Duration.ofMillis(600)));
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:1");
        props.put(ProducerConfig.CLIENT_ID_CONFIG, "sink-close-test"); // the Spring contexts' sinks use another
        var sink = new KafkaAccessRecordSink(AccessRecordConfig.template(props), "tsunagu.access-records.v1",
                Duration.ofSeconds(2));
        var record = new AccessRecord(UUID.randomUUID(), OffsetDateTime.now(), "r1", "app", "vaccination-records",
                AccessRecord.DecisionEnum.ALLOWED, "granted", AccessRecord.ChannelEnum.API_READ);
        assertThatThrownBy(() -> sink.write(record)).isInstanceOf(ApiProblemException.class);
        assertThat(producerThreads()).isNotEmpty(); // the write made a producer

        sink.close();

        assertThat(producerThreads()).isEmpty(); // close() joins the producer's network thread
    }

    private static List<Thread> producerThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.isAlive() && t.getName().contains("| sink-close-test")).toList(); // the factory adds "-n"
    }
}
