package org.tsunagu.gateway.consent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.micrometer.core.instrument.MeterRegistry;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.tsunagu.contracts.events.ConsentEvent;
import org.tsunagu.contracts.events.ConsentState;
import org.tsunagu.gateway.ApiGatewayApplication;
import org.tsunagu.gateway.GatewayTestSupport;

/**
 * Two full gateway instances on the same broker (the shared test context and a second one
 * started here, own port and own H2 files) replay the same consent topic and must agree:
 * the same decision for every key, over HTTP and in their views, and the same view digest.
 */
class ConsentViewAgreementTest extends GatewayTestSupport {

    private static ConfigurableApplicationContext second;
    private static Path secondDataDir;

    @Autowired
    private ConsentView view;

    @Autowired
    private MeterRegistry meters;

    @BeforeEach
    void secondInstanceIsReady() throws Exception {
        if (second == null) {
            secondDataDir = Files.createTempDirectory(Files.createDirectories(Path.of("target").toAbsolutePath()), "gateway-b");
            // as command-line arguments: they outrank application.yml (builder "properties" are only defaults)
            second = new SpringApplicationBuilder(ApiGatewayApplication.class).run(
                    "--server.port=0",
                    "--spring.kafka.bootstrap-servers=" + broker.getBrokersAsString(),
                    "--tsunagu.data-dir=" + secondDataDir,
                    "--tsunagu.issuer-uri=" + HUB.baseUrl(),
                    "--tsunagu.id-service.url=" + HUB.baseUrl(),
                    "--tsunagu.connectors.url=" + HUB.baseUrl(),
                    // its own municipal topic: the webhook consumer group must not take the first instance's partitions
                    "--tsunagu.municipal-events.topic=tsunagu.municipal-events.v1.instance-b");
        }
        await().atMost(Duration.ofSeconds(30))
                .until(() -> get(secondPort(), "/actuator/health/readiness", null).body().contains("\"UP\""));
    }

    @AfterAll
    static void stopSecondInstance() {
        if (second != null) {
            second.close();
            second = null;
        }
    }

    private static int secondPort() {
        return ((WebServerApplicationContext) second).getWebServer().getPort();
    }

    @Test
    void givenAStreamOfConsentEvents_whenBothInstancesReplayIt_thenTheyDecideAlikeAndReportTheSameDigest() {
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        Resident granted = newResident(APP_ONE);
        Resident revoked = newResident(APP_ONE);
        Resident regranted = newResident(APP_ONE);
        Resident outOfOrder = newResident(APP_ONE);
        Resident forgotten = newResident(APP_ONE);
        Resident expired = newResident(APP_ONE);
        String vr = "vaccination-records";
        String rb = "resident-basic";
        String c1 = uuid();
        String c2 = uuid();
        String c3 = uuid();
        String c3b = uuid();
        String c4 = uuid();
        String c5 = uuid();
        String c6 = uuid();
        String c7 = uuid();
        var active = ConsentState.StatusEnum.ACTIVE;
        List<ProducerRecord<String, String>> stream = new ArrayList<>();
        stream.add(record(consent(granted, c1, 1, vr, active, now.minusDays(1), now.plusDays(30)), now));
        stream.add(record(consent(granted, c1, 1, vr, active, now.minusDays(1), now.plusDays(30)), now)); // duplicate
        stream.add(record(consent(revoked, c2, 1, vr, active, now.minusDays(1), now.plusDays(30)), now));
        stream.add(record(consent(revoked, c2, 2, vr, ConsentState.StatusEnum.REVOKED, now.minusDays(1),
                now.plusDays(30)), now.plusSeconds(1)));
        stream.add(record(consent(regranted, c3, 1, vr, active, now.minusDays(2), now.plusDays(30)), now.minusDays(2)));
        stream.add(record(consent(regranted, c3, 2, vr, ConsentState.StatusEnum.REVOKED, now.minusDays(2),
                now.plusDays(30)), now.minusDays(1)));
        stream.add(record(consent(regranted, c3b, 1, vr, active, now.minusHours(1), now.plusDays(30)), now));
        // out of order: version 3 (revoked) arrives before version 2 (active), and again as a duplicate
        stream.add(record(consent(outOfOrder, c4, 3, vr, ConsentState.StatusEnum.REVOKED, now.minusDays(1),
                now.plusDays(30)), now));
        stream.add(record(consent(outOfOrder, c4, 2, vr, active, now.minusDays(1), now.plusDays(30)), now));
        stream.add(record(consent(outOfOrder, c4, 3, vr, ConsentState.StatusEnum.REVOKED, now.minusDays(1),
                now.plusDays(30)), now));
        stream.add(record(consent(forgotten, c5, 1, vr, active, now.minusDays(1), now.plusDays(30)), now));
        stream.add(tombstone(forgotten.residentId(), c5));
        stream.add(tombstone(forgotten.residentId(), uuid())); // a tombstone for an id nobody holds
        stream.add(record(consent(expired, c6, 1, vr, active, now.minusDays(30), now.minusDays(1)), now));
        stream.add(record(consent(expired, c7, 1, rb, ConsentState.StatusEnum.EXPIRED, now.minusDays(30),
                now.plusDays(30)), now));
        stream.add(new ProducerRecord<>(CONSENT_TOPIC, partition(expired.residentId()),
                expired.residentId() + "/" + uuid(), "{not json")); // malformed: both ignore it
        send(stream);

        Map<String, Decision> expected = new LinkedHashMap<>();
        expected.put(key(granted, vr), new Decision.Allowed(c1));
        expected.put(key(revoked, vr), new Decision.Denied(DenialReason.CONSENT_REVOKED, c2));
        expected.put(key(regranted, vr), new Decision.Allowed(c3b));
        expected.put(key(outOfOrder, vr), new Decision.Denied(DenialReason.CONSENT_REVOKED, c4));
        expected.put(key(forgotten, vr), new Decision.Denied(DenialReason.CONSENT_REQUIRED, null));
        expected.put(key(expired, vr), new Decision.Denied(DenialReason.CONSENT_EXPIRED, c6));
        expected.put(key(expired, rb), new Decision.Denied(DenialReason.CONSENT_EXPIRED, c7));
        for (Resident r : List.of(granted, revoked, regranted, outOfOrder, forgotten)) {
            expected.put(key(r, rb), new Decision.Denied(DenialReason.CONSENT_REQUIRED, null));
        }
        ConsentView other = second.getBean(ConsentView.class);

        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50)).untilAsserted(() -> {
            Instant at = Instant.now();
            expected.forEach((key, decision) -> {
                assertThat(view.decide(parse(key), at)).as("instance A, %s", key).isEqualTo(decision);
                assertThat(other.decide(parse(key), at)).as("instance B, %s", key).isEqualTo(decision);
            });
            assertThat(other.size()).isEqualTo(view.size());
            assertThat(other.digest()).isEqualTo(view.digest());
        });

        // through real HTTP reads on both instances
        List<Resident> all = List.of(granted, revoked, regranted, outOfOrder, forgotten, expired);
        for (Resident r : all) {
            for (String category : List.of(vr, rb)) {
                Answer a = read(tokenFor(APP_ONE), r.sub(), category, Map.of());
                Answer b = get(secondPort(), "/v1/residents/" + r.sub() + "/" + category, tokenFor(APP_ONE));
                Decision decision = expected.get(key(r, category));
                int status = decision instanceof Decision.Allowed ? 200 : 403;
                assertThat(a.status()).as("A %s %s", r.residentId(), category).isEqualTo(status);
                assertThat(b.status()).as("B %s %s", r.residentId(), category).isEqualTo(status);
                if (decision instanceof Decision.Denied denied) {
                    assertThat(a.problemType()).endsWith(denied.reason().slug());
                    assertThat(b.problemType()).isEqualTo(a.problemType());
                } else {
                    assertThat(b.json().path("consentId").asString()).isEqualTo(a.json().path("consentId").asString())
                            .isEqualTo(((Decision.Allowed) decision).consentId());
                }
            }
        }

        // operators see the agreement: readiness details and the digest gauge
        String digestA = call("GET", "/actuator/health/readiness", null, Map.of()).json()
                .path("components").path("consentView").path("details").path("digest").asString();
        String digestB = get(secondPort(), "/actuator/health/readiness", null).json()
                .path("components").path("consentView").path("details").path("digest").asString();
        assertThat(digestA).isEqualTo(view.digestHex()).isEqualTo(digestB).hasSize(16);
        double gaugeA = meters.get("tsunagu.consent.view.digest").gauge().value();
        double gaugeB = second.getBean(MeterRegistry.class).get("tsunagu.consent.view.digest").gauge().value();
        assertThat(gaugeA).isEqualTo(gaugeB).isEqualTo((double) (view.digest() >>> 11));
    }

    // --- helpers ----------------------------------------------------------------------------

    private static String uuid() {
        return UUID.randomUUID().toString();
    }

    private static int partition(String residentId) {
        return Math.floorMod(residentId.hashCode(), 3); // as GatewayTestSupport.publish: one resident, one partition
    }

    private static String key(Resident r, String category) {
        return r.residentId() + "|" + APP_ONE + "|" + category + "|service-provision";
    }

    private static ConsentKey parse(String key) {
        String[] p = key.split("\\|");
        return new ConsentKey(p[0], p[1], p[2], p[3]);
    }

    private static ProducerRecord<String, String> record(ConsentState state, OffsetDateTime occurredAt) {
        ConsentEvent event = new ConsentEvent(UUID.randomUUID(), switch (state.getStatus()) {
            case ACTIVE -> ConsentEvent.EventTypeEnum.CONSENT_GRANTED;
            case REVOKED -> ConsentEvent.EventTypeEnum.CONSENT_REVOKED;
            case EXPIRED -> ConsentEvent.EventTypeEnum.CONSENT_EXPIRED;
        }, occurredAt, state);
        return new ProducerRecord<>(CONSENT_TOPIC, partition(state.getResidentId()),
                state.getResidentId() + "/" + state.getConsentId(), JSON.writeValueAsString(event));
    }

    private static ProducerRecord<String, String> tombstone(String residentId, String consentId) {
        return new ProducerRecord<>(CONSENT_TOPIC, partition(residentId), residentId + "/" + consentId, null);
    }

    private void send(List<ProducerRecord<String, String>> records) {
        try (var producer = new KafkaProducer<String, String>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString(),
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1), new StringSerializer(), new StringSerializer())) {
            for (ProducerRecord<String, String> r : records) {
                producer.send(r).get();
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** An answer from the second instance (GatewayTestSupport's Answer cannot be built outside its package). */
    private static Answer get(int port, String path, String token) {
        return callAt(port, "GET", path, null, token == null ? Map.of() : Map.of("Authorization", "Bearer " + token));
    }
}
