package org.tsunagu.gateway.webhook;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;


import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.listener.ConcurrentMessageListenerContainer;
import org.tsunagu.contracts.events.MunicipalEvent;
import org.tsunagu.gateway.ApiGatewayApplication;
import org.tsunagu.gateway.GatewayTestSupport;
import org.tsunagu.gateway.consent.ConsentKey;
import org.tsunagu.gateway.consent.ConsentView;
import org.tsunagu.gateway.consent.Decision;

import tools.jackson.databind.JsonNode;

/**
 * Two full gateway instances (the shared test context, A, and a second one started here, B)
 * on the same broker and in the same municipal-event consumer group, so each owns some of the
 * topic's partitions: a subscription made through either one is known to both, every event
 * reaches the app exactly once whichever instance owns its partition, and a delete through
 * either one stops the deliveries of both (ADR 0047).
 */
class SubscriptionsAcrossInstancesTest extends GatewayTestSupport {

    private static final String MUNICIPAL_TOPIC = "tsunagu.municipal-events.v1";
    private static ConfigurableApplicationContext second;

    @Autowired
    private ConcurrentMessageListenerContainer<String, String> municipalEventsContainer;

    @Autowired
    private ConsentView view;

    @BeforeEach
    void secondInstanceIsReady() throws Exception {
        if (second == null) {
            // as command-line arguments: they outrank application.yml; the same municipal topic and group as A
            second = new SpringApplicationBuilder(ApiGatewayApplication.class).run(
                    "--server.port=0",
                    "--spring.kafka.bootstrap-servers=" + broker.getBrokersAsString(),
                    "--tsunagu.data-dir=" + Files.createTempDirectory(
                            Files.createDirectories(Path.of("target").toAbsolutePath()), "gateway-b"),
                    "--tsunagu.issuer-uri=" + HUB.baseUrl(),
                    "--tsunagu.id-service.url=" + HUB.baseUrl(),
                    "--tsunagu.connectors.url=" + HUB.baseUrl());
        }
        await().atMost(Duration.ofSeconds(60))
                .until(() -> callB("GET", "/actuator/health/readiness", null).body().contains("\"UP\""));
    }

    @AfterAll
    static void stopSecondInstance() {
        if (second != null) {
            second.close();
            second = null;
        }
    }

    @Test
    void givenTwoInstancesSharingThePartitions_whenSubscribedThroughOneAndDeletedThroughTheOther_thenEveryEventOnceThenNone() {
        // both instances own municipal partitions, so some events are handled by B, which did not serve the create
        Set<TopicPartition> ownedByA = await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .until(() -> owned(municipalEventsContainer), a -> {
                    Set<TopicPartition> b = owned(containerOf(second));
                    return !a.isEmpty() && !b.isEmpty() && a.size() + b.size() == 3 && disjoint(a, b);
                });
        assertThat(ownedByA).hasSizeBetween(1, 2);

        String watched = null;
        String sentinel = null;
        try {
            // created through A: listed by A at once (read your writes), and by B once its loader has read it
            watched = subscribeThroughA("/watched");
            String watchedId = watched;
            assertThat(listedThroughA()).contains(watchedId);
            await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50))
                    .until(() -> listedThroughB().contains(watchedId));

            List<String> residents = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                residents.add(consentedResidentKnownToBoth());
            }
            // two events per partition: every partition, whichever instance owns it
            List<String> firstEvents = new ArrayList<>();
            for (int i = 0; i < residents.size(); i++) {
                firstEvents.add(publishEvent(residents.get(i), i % 3));
            }
            Set<String> expected = firstEvents.stream().map(e -> MunicipalEventIntake.deliveryId(watchedId, e))
                    .collect(Collectors.toSet());
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                    .until(() -> webhookIds("/watched").containsAll(expected));
            assertThat(webhookIds("/watched")).as("each webhook-id exactly once").hasSize(expected.size())
                    .containsExactlyInAnyOrderElementsOf(expected);

            // a second subscription stays: its deliveries show when the events after the delete have been handled
            sentinel = subscribeThroughA("/sentinel");
            String sentinelId = sentinel;
            await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50))
                    .until(() -> listedThroughB().contains(sentinelId));

            // deleted through B: gone from B at once, and from A once its loader has read the tombstone
            assertThat(callB("DELETE", "/v1/subscriptions/" + watchedId, tokenFor(APP_ONE)).status()).isEqualTo(204);
            assertThat(listedThroughB()).doesNotContain(watchedId).contains(sentinelId);
            await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50))
                    .until(() -> !listedThroughA().contains(watchedId));
            assertThat(call("DELETE", "/v1/subscriptions/" + watchedId, null,
                    Map.of("Authorization", "Bearer " + tokenFor(APP_ONE))).status())
                    .as("deleted once, for both").isEqualTo(404);

            List<String> laterEvents = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                laterEvents.add(publishEvent(residents.get(i), i));
            }
            Set<String> sentinelExpected = laterEvents.stream()
                    .map(e -> MunicipalEventIntake.deliveryId(sentinelId, e)).collect(Collectors.toSet());
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                    .until(() -> webhookIds("/sentinel").containsAll(sentinelExpected));
            assertThat(webhookIds("/watched")).as("nothing for the deleted subscription, from either instance")
                    .containsExactlyInAnyOrderElementsOf(expected);
        } finally {
            for (String id : new String[] { watched, sentinel }) {
                if (id != null) {
                    call("DELETE", "/v1/subscriptions/" + id, null, Map.of("Authorization", "Bearer " + tokenFor(APP_ONE)));
                }
            }
        }
    }

    // --- helpers ----------------------------------------------------------------------------

    private String subscribeThroughA(String path) {
        APPS.stubFor(post(path).willReturn(aResponse().withStatus(204)));
        Answer answer = call("POST", "/v1/subscriptions",
                "{\"eventType\":\"vaccination-due\",\"url\":\"" + APPS.baseUrl() + path + "\"}",
                Map.of("Authorization", "Bearer " + tokenFor(APP_ONE), "Content-Type", "application/json"));
        assertThat(answer.status()).isEqualTo(201);
        return answer.json().path("id").asString();
    }

    private List<String> listedThroughA() {
        return ids(call("GET", "/v1/subscriptions", null, Map.of("Authorization", "Bearer " + tokenFor(APP_ONE))).body());
    }

    private List<String> listedThroughB() {
        Answer reply = callB("GET", "/v1/subscriptions", tokenFor(APP_ONE));
        assertThat(reply.status()).isEqualTo(200);
        return ids(reply.body());
    }

    private static List<String> ids(String body) {
        List<String> ids = new ArrayList<>();
        for (JsonNode s : JSON.readTree(body)) {
            ids.add(s.path("id").asString());
        }
        return ids;
    }

    /**
     * A resident with consent in force in both instances' views, whose pairwise sub each instance
     * learns from id-service's reverse look-up (B has not seen a read by the app).
     */
    private String consentedResidentKnownToBoth() {
        Resident resident = newResident(APP_ONE);
        HUB.stubFor(get("/internal/v1/residents/" + resident.residentId() + "/pairwise-subjects/" + APP_ONE)
                .willReturn(okJson("""
                        {"clientId":"%s","sub":"%s","residentId":"%s"}""".formatted(APP_ONE, resident.sub(),
                        resident.residentId()))));
        publish(activeConsent(resident, "c-" + UUID.randomUUID(), 1, "vaccination-records"));
        ConsentKey key = new ConsentKey(resident.residentId(), APP_ONE, "vaccination-records", "service-provision");
        ConsentView other = second.getBean(ConsentView.class);
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50)).until(
                () -> view.decide(key, Instant.now()) instanceof Decision.Allowed
                        && other.decide(key, Instant.now()) instanceof Decision.Allowed);
        return resident.residentId();
    }

    private String publishEvent(String residentId, int partition) {
        MunicipalEvent event = new MunicipalEvent(UUID.randomUUID(), "vaccination-due",
                OffsetDateTime.now(ZoneOffset.UTC), residentId, "vaccination-records");
        event.setData(Map.of("vaccine", "麻しん風しん", "dueBy", "2026-05-01"));
        try (var producer = new KafkaProducer<String, String>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString()), new StringSerializer(),
                new StringSerializer())) {
            producer.send(new ProducerRecord<>(MUNICIPAL_TOPIC, partition, residentId, JSON.writeValueAsString(event)))
                    .get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return event.getEventId().toString();
    }

    private static List<String> webhookIds(String path) {
        return APPS.findAll(postRequestedFor(urlEqualTo(path))).stream().map(r -> r.getHeader("webhook-id")).toList();
    }

    @SuppressWarnings("unchecked")
    private static ConcurrentMessageListenerContainer<String, String> containerOf(ConfigurableApplicationContext context) {
        return context.getBean("municipalEventsContainer", ConcurrentMessageListenerContainer.class);
    }

    private static Set<TopicPartition> owned(ConcurrentMessageListenerContainer<String, String> container) {
        Set<TopicPartition> owned = new HashSet<>();
        var assigned = container.getAssignedPartitions();
        if (assigned != null) {
            assigned.stream().filter(tp -> MUNICIPAL_TOPIC.equals(tp.topic())).forEach(owned::add);
        }
        return owned;
    }

    private static boolean disjoint(Set<TopicPartition> a, Set<TopicPartition> b) {
        return a.stream().noneMatch(b::contains);
    }

    private static Answer callB(String method, String path, String token) {
        return callAt(((WebServerApplicationContext) second).getWebServer().getPort(), method, path, null,
                token == null ? Map.of() : Map.of("Authorization", "Bearer " + token));
    }
}
