package org.tsunagu.gateway.webhook;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.tsunagu.contracts.events.AccessRecord;
import org.tsunagu.contracts.events.MunicipalEvent;
import org.tsunagu.gateway.GatewayTestSupport;

import tools.jackson.databind.JsonNode;

/** Municipal events to subscribed apps: consent at delivery time, pairwise sub, signatures, retries, re-drive. */
class WebhookFlowTest extends GatewayTestSupport {

    private static final String MUNICIPAL_TOPIC = "tsunagu.municipal-events.v1";

    private record Created(String id, String secret) {
    }

    private Created subscribe(String path) {
        APPS.stubFor(post(path).willReturn(aResponse().withStatus(204)));
        Answer answer = call("POST", "/v1/subscriptions",
                "{\"eventType\":\"vaccination-due\",\"url\":\"" + APPS.baseUrl() + path + "\"}",
                Map.of("Authorization", "Bearer " + tokenFor(APP_ONE), "Content-Type", "application/json"));
        assertThat(answer.status()).isEqualTo(201);
        assertThat(answer.json().path("purpose").asString()).isEqualTo("service-provision");
        return new Created(answer.json().path("id").asString(), answer.json().path("secret").asString());
    }

    private void unsubscribe(Created s) {
        call("DELETE", "/v1/subscriptions/" + s.id(), null, Map.of("Authorization", "Bearer " + tokenFor(APP_ONE)));
    }

    /** A resident the app has seen (one read), optionally with consent in force. */
    private Resident residentSeenByApp(boolean consented) {
        Resident resident = newResident(APP_ONE);
        read(tokenFor(APP_ONE), resident.sub(), "vaccination-records", Map.of());
        if (consented) {
            publish(activeConsent(resident, "c-" + UUID.randomUUID(), 1, "vaccination-records"));
            await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(50)).until(
                    () -> read(tokenFor(APP_ONE), resident.sub(), "vaccination-records", Map.of()).status() == 200);
        }
        return resident;
    }

    private UUID publishEvent(Resident resident) {
        MunicipalEvent event = new MunicipalEvent(UUID.randomUUID(), "vaccination-due",
                OffsetDateTime.now(ZoneOffset.UTC), resident.residentId(), "vaccination-records");
        event.setData(Map.of("vaccine", "麻しん風しん", "dueBy", "2026-05-01", "patientNumber", "HK-1 must not leak"));
        try (var producer = new KafkaProducer<String, String>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString()), new StringSerializer(),
                new StringSerializer())) {
            producer.send(new ProducerRecord<>(MUNICIPAL_TOPIC, resident.residentId(), JSON.writeValueAsString(event)))
                    .get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return event.getEventId();
    }

    private static List<LoggedRequest> received(String path) {
        return APPS.findAll(postRequestedFor(urlEqualTo(path)));
    }

    /** The latest value under this key in the subscriptions topic, read raw from the broker. */
    private String rawSubscriptionRecord(String id) {
        String topic = "tsunagu.webhook-subscriptions.v1";
        try (var consumer = new KafkaConsumer<String, String>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString()), new StringDeserializer(),
                new StringDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            String latest = null;
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))
                    && System.nanoTime() < deadline) {
                for (var record : consumer.poll(Duration.ofMillis(100))) {
                    if (id.equals(record.key())) {
                        latest = record.value();
                    }
                }
            }
            return latest;
        }
    }

    @Test
    void givenASubscriptionCreatedOverTheApi_thenTheTopicHoldsItsSecretOnlySealed() {
        Created s = subscribe("/hook-sealed");
        try {
            String stored = rawSubscriptionRecord(s.id());

            assertThat(s.secret()).startsWith("whsec_");
            assertThat(stored).isNotNull().doesNotContain(s.secret(), s.secret().substring(6))
                    .contains("\"sealedSecret\":\"ey");
        } finally {
            unsubscribe(s);
        }
    }

    @Test
    void givenConsentAtDeliveryTime_whenAnEventArrives_thenASignedWebhookWithThePairwiseSubAndARecord() {
        Created s = subscribe("/hook-ok");
        try {
            Resident resident = residentSeenByApp(true);

            UUID eventId = publishEvent(resident);

            await().atMost(Duration.ofSeconds(10)).until(() -> !received("/hook-ok").isEmpty());
            LoggedRequest request = received("/hook-ok").get(0);
            String id = request.getHeader("webhook-id");
            String timestamp = request.getHeader("webhook-timestamp");
            assertThat(id).isEqualTo(MunicipalEventIntake.deliveryId(s.id(), eventId.toString()));
            assertThat(request.getHeader("webhook-signature"))
                    .isEqualTo(WebhookSigner.sign(s.secret(), id, Long.parseLong(timestamp), request.getBodyAsString()));
            JsonNode body = JSON.readTree(request.getBodyAsString());
            assertThat(body.path("type").asString()).isEqualTo("vaccination-due");
            assertThat(body.path("data").path("subject").asString()).isEqualTo(resident.sub());
            assertThat(body.path("data").path("details").path("vaccine").asString()).isEqualTo("麻しん風しん");
            assertThat(request.getBodyAsString()).doesNotContain(resident.residentId(), "must not leak");

            AccessRecord record = awaitAccessRecord(id);
            assertThat(record.getChannel()).isEqualTo(AccessRecord.ChannelEnum.WEBHOOK_DELIVERY);
            assertThat(record.getDecision()).isEqualTo(AccessRecord.DecisionEnum.ALLOWED);
            assertThat(record.getSubject()).isEqualTo(resident.sub());
            assertThat(record.getPurpose()).isEqualTo("service-provision");
        } finally {
            unsubscribe(s);
        }
    }

    @Test
    void givenNoConsent_whenAnEventArrives_thenNothingIsSentAndADeniedRecord() {
        Created s = subscribe("/hook-denied");
        try {
            Resident resident = residentSeenByApp(false);

            UUID eventId = publishEvent(resident);

            AccessRecord record = awaitAccessRecord(MunicipalEventIntake.deliveryId(s.id(), eventId.toString()));
            assertThat(record.getDecision()).isEqualTo(AccessRecord.DecisionEnum.DENIED);
            assertThat(record.getReason()).isEqualTo("consent-required");
            assertThat(record.getChannel()).isEqualTo(AccessRecord.ChannelEnum.WEBHOOK_DELIVERY);
            assertThat(received("/hook-denied")).isEmpty();
        } finally {
            unsubscribe(s);
        }
    }

    @Test
    void givenAnAppThatKeepsFailing_whenAttemptsRunOut_thenDeadLetteredAndAnOperatorCanRedrive() {
        Created s = subscribe("/hook-failing");
        APPS.stubFor(post("/hook-failing").willReturn(aResponse().withStatus(500)));
        try {
            Resident resident = residentSeenByApp(true);
            String deliveryId = MunicipalEventIntake.deliveryId(s.id(), publishEvent(resident).toString());
            String operator = token("tsunagu-operator-console", c -> c.subject("OP-0001").claim("roles",
                    List.of("operator")));

            Answer dead = await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100))
                    .until(() -> call("GET", "/v1/operator/dead-letters", null,
                            Map.of("Authorization", "Bearer " + operator)), a -> a.body().contains(deliveryId));
            assertThat(received("/hook-failing")).hasSize(3);
            assertThat(dead.body()).contains("HTTP 500").doesNotContain(resident.residentId());
            assertThat(call("GET", "/v1/operator/dead-letters", null,
                    Map.of("Authorization", "Bearer " + tokenFor(APP_ONE))).status()).isEqualTo(403);

            APPS.stubFor(post("/hook-failing").willReturn(aResponse().withStatus(200)));
            Answer redrive = call("POST", "/v1/operator/dead-letters/" + deliveryId + "/redrive", null,
                    Map.of("Authorization", "Bearer " + operator));

            assertThat(redrive.status()).isEqualTo(202);
            await().atMost(Duration.ofSeconds(10)).until(() -> received("/hook-failing").size() == 4);
            assertThat(received("/hook-failing")).extracting(r -> r.getHeader("webhook-id")).containsOnly(deliveryId);
            assertThat(call("POST", "/v1/operator/dead-letters/" + deliveryId + "/redrive", null,
                    Map.of("Authorization", "Bearer " + operator)).status()).isEqualTo(404);
        } finally {
            unsubscribe(s);
        }
    }
}
