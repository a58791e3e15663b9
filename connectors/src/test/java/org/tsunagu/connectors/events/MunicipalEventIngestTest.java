package org.tsunagu.connectors.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.tsunagu.connectors.ConnectorsSpringTest;

import tools.jackson.databind.JsonNode;

class MunicipalEventIngestTest extends ConnectorsSpringTest {

    private static final String TOPIC = "tsunagu.municipal-events.v1";
    private static final String HEALTH_SECRET = "whsec_ZGV2LWhlYWx0aC1ldmVudC1zZWNyZXQtMzItYnl0ZXMhIQ==";
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Autowired
    EmbeddedKafkaBroker broker;

    @Autowired
    JdbcClient jdbc;

    private static String vaccinationDue(String municipalKey) {
        return """
                {"eventType":"vaccination-due","municipalKey":"%s","occurredAt":"2026-11-22T09:00:00+09:00",
                 "data":{"vaccine":"インフルエンザHA","vaccineCode":"FLU","doseNumber":"2","dueBy":"2026-12-15",
                         "patientName":"会津 花子","insuranceNo":"07-123456"}}""".formatted(municipalKey);
    }

    private HttpResponse<String> notify(String system, String webhookId, String body, String secret, long timestamp) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/v1/municipal/"
                        + system + "/events"))
                .header("Content-Type", "application/json")
                .header("webhook-id", webhookId)
                .header("webhook-timestamp", Long.toString(timestamp))
                .header("webhook-signature", NoticeSignature.sign(secret, webhookId, timestamp, bytes))
                .POST(HttpRequest.BodyPublishers.ofByteArray(bytes))
                .build();
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private HttpResponse<String> notifyHealth(String webhookId, String body) {
        return notify("health", webhookId, body, HEALTH_SECRET, Instant.now().getEpochSecond());
    }

    private long stored(String webhookId, String system) {
        return jdbc.sql("SELECT COUNT(*) FROM municipal_event_outbox WHERE event_id = ?")
                .param(MunicipalEventTranslator.eventId(system, webhookId)).query(Long.class).single();
    }

    @Test
    void givenSignedNoticeForLinkedPatient_whenIngested_thenCanonicalEventPublishedKeyedByResidentWithoutMunicipalData() {
        String webhookId = "hs-" + UUID.randomUUID();

        HttpResponse<String> response = notifyHealth(webhookId, vaccinationDue("HK-20571"));

        assertThat(response.statusCode()).isEqualTo(202);
        String eventId = json(response).path("eventId").asString();
        assertThat(eventId).isEqualTo(MunicipalEventTranslator.eventId("health", webhookId).toString());
        ConsumerRecord<String, String> record = awaitEvent(eventId);
        assertThat(record.key()).isEqualTo("RID-0001");
        JsonNode event = JSON.readTree(record.value());
        assertThat(event.path("eventType").asString()).isEqualTo("vaccination-due");
        assertThat(event.path("residentId").asString()).isEqualTo("RID-0001");
        assertThat(event.path("category").asString()).isEqualTo("vaccination-records");
        assertThat(event.path("data").path("vaccineCode").asString()).isEqualTo("FLU");
        assertThat(event.path("data").path("dueBy").asString()).isEqualTo("2026-12-15");
        assertThat(record.value()).doesNotContain("HK-20571", "会津 花子", "07-123456", "patientName");
        assertThat(record.headers().lastHeader("__TypeId__")).isNull();
        // acknowledged, so marked published in the outbox (else the relay would send it again and again)
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> jdbc.sql(
                "SELECT published_at IS NOT NULL FROM municipal_event_outbox WHERE event_id = ?")
                .param(UUID.fromString(eventId)).query(Boolean.class).single());
    }

    @Test
    void givenSameNoticeSentTwice_whenIngested_thenSameEventIdStoredOnce() {
        String webhookId = "hs-" + UUID.randomUUID();

        HttpResponse<String> first = notifyHealth(webhookId, vaccinationDue("HK-20571"));
        HttpResponse<String> second = notifyHealth(webhookId, vaccinationDue("HK-20571"));

        assertThat(second.statusCode()).isEqualTo(202);
        assertThat(json(second).path("eventId").asString()).isEqualTo(json(first).path("eventId").asString());
        assertThat(stored(webhookId, "health")).isEqualTo(1);
    }

    @Test
    void givenWrongSecret_whenNotified_thenUnauthorizedProblemAndNothingStored() {
        String webhookId = "hs-" + UUID.randomUUID();

        HttpResponse<String> response = notify("health", webhookId, vaccinationDue("HK-20571"),
                "whsec_" + java.util.Base64.getEncoder().encodeToString(new byte[32]), Instant.now().getEpochSecond());

        assertProblem(response, 401, "invalid-token");
        assertThat(stored(webhookId, "health")).isZero();
    }

    @Test
    void givenStaleTimestamp_whenNotified_thenUnauthorized() {
        String webhookId = "hs-" + UUID.randomUUID();

        HttpResponse<String> response = notify("health", webhookId, vaccinationDue("HK-20571"), HEALTH_SECRET,
                Instant.now().minus(Duration.ofMinutes(10)).getEpochSecond());

        assertProblem(response, 401, "invalid-token");
        assertThat(stored(webhookId, "health")).isZero();
    }

    @Test
    void givenNoSignature_whenNotified_thenUnauthorized() {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + port
                        + "/v1/municipal/health/events"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(vaccinationDue("HK-20571")))
                .build();

        HttpResponse<String> response;
        try {
            response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }

        assertProblem(response, 401, "invalid-token");
    }

    @Test
    void givenSystemWithoutSecret_whenNotified_thenUnauthorized() {
        HttpResponse<String> response = notify("tax", "t-1", vaccinationDue("HK-20571"), HEALTH_SECRET,
                Instant.now().getEpochSecond());

        assertProblem(response, 401, "invalid-token");
    }

    @Test
    void givenUnlinkedKey_whenNotified_thenNotFoundWithoutEchoingTheKeyAndNothingStored() {
        String webhookId = "hs-" + UUID.randomUUID();

        HttpResponse<String> response = notifyHealth(webhookId, vaccinationDue("HK-NOBODY"));

        assertProblem(response, 404, "not-found");
        assertThat(response.body()).doesNotContain("HK-NOBODY");
        assertThat(stored(webhookId, "health")).isZero();
    }

    @Test
    void givenEventTypeOfAnotherSystem_whenNotified_thenBadRequest() {
        String body = """
                {"eventType":"address-changed","municipalKey":"HK-20571","occurredAt":"2026-11-22T09:00:00Z"}""";

        HttpResponse<String> response = notifyHealth("hs-" + UUID.randomUUID(), body);

        assertProblem(response, 400, "bad-request");
    }

    @Test
    void givenMalformedBody_whenNotified_thenBadRequest() {
        HttpResponse<String> response = notifyHealth("hs-" + UUID.randomUUID(), "{\"eventType\":\"fire\"}");

        assertProblem(response, 400, "bad-request");
    }

    private static void assertProblem(HttpResponse<String> response, int status, String slug) {
        assertThat(response.statusCode()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(json(response).path("type").asString()).isEqualTo("urn:tsunagu:problem:" + slug);
    }

    private ConsumerRecord<String, String> awaitEvent(String eventId) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString());
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        List<ConsumerRecord<String, String>> matched = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props)) {
            List<TopicPartition> partitions = List.of(new TopicPartition(TOPIC, 0), new TopicPartition(TOPIC, 1),
                    new TopicPartition(TOPIC, 2));
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Awaitility.await().atMost(Duration.ofSeconds(20)).pollDelay(Duration.ZERO).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(record -> {
                    if (record.value() != null && record.value().contains(eventId)) {
                        matched.add(record);
                    }
                });
                return !matched.isEmpty();
            });
        }
        return matched.get(0);
    }
}
