package org.tsunagu.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.tsunagu.contracts.events.MunicipalEvent;
import org.tsunagu.launcher.Hub;
import org.tsunagu.launcher.services.ServiceProcess;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The gateway is killed (SIGKILL) while municipal events stream in and started again: the app
 * still gets every event of the consenting resident, each under its own stable webhook-id with a
 * valid signature — a second receipt of an id is allowed (at-least-once: the request was in flight
 * when the gateway died), a lost event, an unknown id, or anything for a resident without consent
 * is not.
 */
@Order(Integer.MAX_VALUE - 3)
@ExtendWith(RunningHub.class)
class WebhookCrashE2eTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String TOPIC = "tsunagu.municipal-events.v1";
    private static final int EVENTS = 300;
    /** Every third event is Taro's, who never consented to the vaccine app. */
    private static final int TARO_EVERY = 3;

    private final Map<String, AtomicInteger> receipts = new ConcurrentHashMap<>();
    private final List<String> rejected = new CopyOnWriteArrayList<>();
    private final Map<String, String> eventOfReceipt = new ConcurrentHashMap<>();
    private HttpServer app;
    private String appToken;
    private String subscriptionId;
    private volatile byte[] key;

    @BeforeEach
    void appListens() throws IOException {
        app = HttpServer.create(new InetSocketAddress("127.0.0.1", DemoApp.VACCINE_NOTEBOOK_WEBHOOK_PORT), 256);
        app.createContext("/hooks/crash", this::receive);
        app.setExecutor(Executors.newFixedThreadPool(4));
        app.start();
        appToken = RegionalId.clientCredentials(DemoApp.VACCINE_NOTEBOOK);
    }

    @AfterEach
    void appStops() throws Exception {
        if (subscriptionId != null) {
            send(HttpRequest.newBuilder(URI.create(HubApis.GATEWAY + "/v1/subscriptions/" + subscriptionId))
                    .header("Authorization", "Bearer " + RegionalId.clientCredentials(DemoApp.VACCINE_NOTEBOOK))
                    .DELETE().build());
        }
        app.stop(0);
        ((java.util.concurrent.ExecutorService) app.getExecutor()).shutdownNow();
    }

    @Test
    void givenEventsStreaming_whenTheGatewayIsKilledAndRestarted_thenEveryConsentedEventArrivesUnderItsOneId()
            throws Exception {
        HttpResponse<String> created = send(HttpRequest.newBuilder(URI.create(HubApis.GATEWAY + "/v1/subscriptions"))
                .header("Authorization", "Bearer " + appToken).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"eventType\":\"vaccination-due\",\"url\":\"http://127.0.0.1:"
                        + app.getAddress().getPort() + "/hooks/crash\",\"purpose\":\"service-provision\"}"))
                .build());
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        JsonNode subscription = JSON.readTree(created.body());
        subscriptionId = subscription.path("id").asString();
        key = java.util.Base64.getDecoder().decode(subscription.path("secret").asString().substring("whsec_".length()));

        Map<String, String> expected = new HashMap<>();    // webhook-id -> event id (Sakura, consented)
        Set<String> notConsented = new HashSet<>();         // webhook-ids of Taro's events
        ServiceProcess gateway = RunningHub.hub().service(Hub.API_GATEWAY);
        try (var producer = new KafkaProducer<String, String>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, RunningHub.hub().kafka().bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true),
                new StringSerializer(), new StringSerializer())) {
            for (int i = 0; i < EVENTS; i++) {
                if (i == EVENTS / 3) {
                    // a third is out: wait until the gateway is delivering, then kill it mid-stream
                    await("deliveries under way before the crash").atMost(Duration.ofSeconds(30))
                            .pollInterval(Duration.ofMillis(20)).until(() -> !receipts.isEmpty());
                    gateway.kill();
                    System.out.printf("[e2e] gateway killed after %d events published, %d ids received%n", i,
                            receipts.size());
                    gateway.start();
                }
                Resident resident = i % TARO_EVERY == TARO_EVERY - 1 ? Resident.TARO : Resident.SAKURA;
                UUID eventId = UUID.randomUUID();
                MunicipalEvent event = new MunicipalEvent(eventId, "vaccination-due", OffsetDateTime.now(ZoneOffset.UTC),
                        resident.residentId(), "vaccination-records").data(Map.of("vaccine", "インフルエンザHA",
                        "vaccineCode", "FLU", "doseNumber", "2", "dueBy", "2027-01-31"));
                producer.send(new ProducerRecord<>(TOPIC, resident.residentId(), JSON.writeValueAsString(event)))
                        .get(10, TimeUnit.SECONDS);
                String webhookId = webhookId(subscriptionId, eventId.toString());
                if (resident == Resident.SAKURA) {
                    expected.put(webhookId, eventId.toString());
                } else {
                    notConsented.add(webhookId);
                }
            }
        }
        gateway.awaitHealthy(Duration.ofMinutes(2));

        await("every consented event delivered after the restart").atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> receipts.keySet().containsAll(expected.keySet()));
        // a delivery for Taro or a badly signed one would come with the rest: none for 3 s more
        await("nothing for Taro, nothing unsigned").during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> rejected.isEmpty() && notConsented.stream().noneMatch(receipts::containsKey));

        assertThat(rejected).as("receipts with a missing or wrong signature").isEmpty();
        assertThat(receipts.keySet()).as("webhook-ids received").containsExactlyInAnyOrderElementsOf(expected.keySet());
        assertThat(receipts.keySet()).doesNotContainAnyElementsOf(notConsented);
        expected.forEach((id, eventId) -> assertThat(eventOfReceipt.get(id)).as("event in the body of " + id)
                .isEqualTo(eventId));
        List<String> duplicated = new ArrayList<>();
        receipts.forEach((id, n) -> {
            if (n.get() > 1) {
                duplicated.add(id);
            }
        });
        System.out.printf("[e2e] %d consented events, %d distinct ids received, %d received twice or more%n",
                expected.size(), receipts.size(), duplicated.size());
        // a resend is only for a request in flight when the gateway died: at most once more, for few ids
        assertThat(receipts.values()).allSatisfy(n -> assertThat(n.get()).isLessThanOrEqualTo(2));
        assertThat(duplicated.size()).isLessThanOrEqualTo(64);
    }

    private void receive(HttpExchange exchange) throws IOException {
        try (exchange; InputStream in = exchange.getRequestBody()) {
            byte[] body = in.readAllBytes();
            String id = exchange.getRequestHeaders().getFirst("webhook-id");
            String timestamp = exchange.getRequestHeaders().getFirst("webhook-timestamp");
            String signature = exchange.getRequestHeaders().getFirst("webhook-signature");
            if (id == null || timestamp == null || signature == null || !signature.startsWith("v1,")
                    || !MessageDigest.isEqual(java.util.Base64.getDecoder().decode(signature.substring(3)),
                            hmac(id + "." + timestamp + ".", body))) {
                rejected.add(String.valueOf(id));
                exchange.sendResponseHeaders(400, -1);
                return;
            }
            eventOfReceipt.put(id, JSON.readTree(body).path("data").path("eventId").asString());
            receipts.computeIfAbsent(id, k -> new AtomicInteger()).incrementAndGet();
            exchange.sendResponseHeaders(204, -1);
        }
    }

    private byte[] hmac(String prefix, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            mac.update(prefix.getBytes(StandardCharsets.UTF_8));
            return mac.doFinal(body);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The webhook-id the gateway promises per (subscription, event) — docs/decisions/0042. */
    private static String webhookId(String subscriptionId, String eventId) {
        return "msg_" + UUID.nameUUIDFromBytes((subscriptionId + "|" + eventId).getBytes(StandardCharsets.UTF_8))
                .toString().replace("-", "");
    }

    private static HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
        return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
    }
}
