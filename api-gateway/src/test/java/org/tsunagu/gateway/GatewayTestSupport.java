package org.tsunagu.gateway;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.http.Fault;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.tsunagu.contracts.events.AccessRecord;
import org.tsunagu.contracts.events.ConsentEvent;
import org.tsunagu.contracts.events.ConsentState;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * One shared context for every integration test: the gateway on a random port, an embedded
 * Kafka broker, and one WireMock standing in for id-service (JWKS, token endpoint, app
 * directory, pairwise resolution) and the connectors.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@EmbeddedKafka(partitions = 3, bootstrapServersProperty = "spring.kafka.bootstrap-servers")
public abstract class GatewayTestSupport {

    protected static final String CONSENT_TOPIC = "tsunagu.consent-events.v1";
    protected static final String ACCESS_TOPIC = "tsunagu.access-records.v1";
    protected static final String AUDIENCE = "urn:tsunagu:api-gateway";
    /** Declares one purpose: service-provision. */
    protected static final String APP_ONE = "app-one";
    /** Declares two purposes: service-provision and notification. */
    protected static final String APP_TWO = "app-two";
    /** Limited to 2 requests per second (tsunagu.rate-limit.per-app). */
    protected static final String LIMITED_APP = "app-limited";
    protected static final String GATEWAY_TOKEN = "gateway-cc-token";

    protected static final RSAKey SIGNING_KEY = rsaKey("test-key");
    /**
     * The apps' side of webhooks: one server for the whole test run, whose origin is the webhook URL
     * the operator approved for every test app (tests tell their deliveries apart by path).
     */
    protected static final WireMockServer APPS = startApps();
    protected static final WireMockServer HUB = startHub();
    protected static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private static final List<AccessRecord> SEEN_RECORDS = new ArrayList<>();
    private static KafkaConsumer<String, String> accessRecords;

    @LocalServerPort
    protected int port;

    @Autowired
    protected EmbeddedKafkaBroker broker;

    @DynamicPropertySource
    static void hubProperties(DynamicPropertyRegistry registry) {
        registry.add("tsunagu.issuer-uri", HUB::baseUrl);
        registry.add("tsunagu.id-service.url", HUB::baseUrl);
        registry.add("tsunagu.connectors.url", HUB::baseUrl);
        registry.add("spring.datasource.url", () -> "jdbc:h2:mem:gateway;DB_CLOSE_DELAY=-1");
        registry.add("tsunagu.rate-limit.per-app." + LIMITED_APP, () -> "2");
        registry.add("tsunagu.webhooks.base-backoff", () -> "50ms");
        registry.add("tsunagu.webhooks.max-attempts", () -> "3");
        registry.add("tsunagu.webhooks.timeout", () -> "2s");
    }

    @BeforeEach
    void gatewayIsReady() {
        await().atMost(Duration.ofSeconds(30)).until(() -> call("GET", "/actuator/health/readiness", null, Map.of())
                .body().contains("\"UP\""));
    }

    // --- the hub stand-in ---------------------------------------------------------------

    protected static RSAKey rsaKey(String kid) {
        try {
            return new RSAKeyGenerator(2048).keyID(kid).generate();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static WireMockServer startApps() {
        WireMockServer apps = new WireMockServer(options().dynamicPort());
        apps.start();
        Runtime.getRuntime().addShutdownHook(new Thread(apps::stop));
        return apps;
    }

    private static WireMockServer startHub() {
        WireMockServer hub = new WireMockServer(options().dynamicPort());
        hub.start();
        hub.stubFor(get("/oauth2/jwks").willReturn(okJson(new JWKSet(SIGNING_KEY.toPublicJWK()).toString())));
        hub.stubFor(post("/oauth2/token").withBasicAuth("tsunagu-gateway", "gateway-dev-secret")
                .willReturn(okJson("""
                        {"access_token":"%s","token_type":"Bearer","expires_in":3600,
                         "scope":"pairwise.resolve connector.query"}""".formatted(GATEWAY_TOKEN))));
        hub.stubFor(get("/v1/apps/" + APP_ONE).willReturn(okJson(app(APP_ONE, "\"service-provision\""))));
        hub.stubFor(get("/v1/apps/" + APP_TWO)
                .willReturn(okJson(app(APP_TWO, "\"service-provision\",\"notification\""))));
        hub.stubFor(get(urlPathMatching("/internal/v1/pairwise-subjects/.*")).atPriority(10)
                .willReturn(aResponse().withStatus(404).withHeader("Content-Type", "application/problem+json")
                        .withBody("{\"type\":\"urn:tsunagu:problem:subject-unknown\",\"title\":\"x\",\"status\":404}")));
        Runtime.getRuntime().addShutdownHook(new Thread(hub::stop));
        return hub;
    }

    private static String app(String clientId, String purposes) {
        return """
                {"clientId":"%s","name":"Test app","operator":"Test operator","municipality":"aizuwakamatsu",
                 "categories":["vaccination-records","resident-basic"],"purposes":[%s],
                 "webhookUrl":"%s/hooks"}""".formatted(clientId, purposes, APPS.baseUrl());
    }

    /** A new resident known to {@code clientId} by a new pairwise sub, with data at the connector. */
    protected static Resident newResident(String clientId) {
        String residentId = "res-" + UUID.randomUUID();
        String sub = "sub-" + UUID.randomUUID().toString().replace("-", "");
        HUB.stubFor(get("/internal/v1/pairwise-subjects/" + clientId + "/" + sub).atPriority(1)
                .willReturn(okJson("""
                        {"clientId":"%s","sub":"%s","residentId":"%s"}""".formatted(clientId, sub, residentId))));
        HUB.stubFor(get("/v1/residents/" + residentId + "/vaccination-records").willReturn(okJson("""
                {"residentId":"%s","category":"vaccination-records","source":"aizuwakamatsu-health",
                 "unknownTopLevel":"must not leak",
                 "vaccinationRecords":{"records":[{"vaccine":"インフルエンザHA","vaccineCode":"FLU","doseNumber":1,
                   "administeredOn":"2025-11-02","facility":"北会津診療所","internalNote":"must not leak"}],
                   "extra":"must not leak"},
                 "residentBasic":{"familyName":"会津","givenName":"花子","birthDate":"1980-04-01",
                   "municipality":"aizuwakamatsu"}}""".formatted(residentId))));
        HUB.stubFor(get("/v1/residents/" + residentId + "/resident-basic").willReturn(okJson("""
                {"residentId":"%s","category":"resident-basic","source":"registry",
                 "residentBasic":{"familyName":"会津","givenName":"花子","birthDate":"1980-04-01",
                   "municipality":"aizuwakamatsu","myNumber":"must not leak",
                   "address":{"postalCode":"965-0872","city":"会津若松市","geo":"must not leak"}}}""".formatted(residentId))));
        return new Resident(residentId, sub, clientId);
    }

    /** Makes the connector fail for this resident's vaccination records. */
    protected static void connectorFails(Resident resident, Fault fault) {
        HUB.stubFor(get("/v1/residents/" + resident.residentId() + "/vaccination-records")
                .willReturn(aResponse().withFault(fault)));
    }

    protected static void connectorAnswers(Resident resident, int status) {
        HUB.stubFor(get("/v1/residents/" + resident.residentId() + "/vaccination-records")
                .willReturn(aResponse().withStatus(status).withHeader("Content-Type", "application/problem+json")
                        .withBody("{\"type\":\"urn:tsunagu:problem:x\",\"title\":\"x\",\"status\":" + status + "}")));
    }

    protected record Resident(String residentId, String sub, String clientId) {
    }

    // --- consent events ---------------------------------------------------------------

    protected void publish(ConsentState state) {
        ConsentEvent event = new ConsentEvent(UUID.randomUUID(), switch (state.getStatus()) {
            case ACTIVE -> ConsentEvent.EventTypeEnum.CONSENT_GRANTED;
            case REVOKED -> ConsentEvent.EventTypeEnum.CONSENT_REVOKED;
            case EXPIRED -> ConsentEvent.EventTypeEnum.CONSENT_EXPIRED;
        }, OffsetDateTime.now(ZoneOffset.UTC), state);
        try (var producer = new KafkaProducer<String, String>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString(),
                ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new StringSerializer())) {
            int partition = Math.floorMod(state.getResidentId().hashCode(), 3);
            producer.send(new ProducerRecord<>(CONSENT_TOPIC, partition,
                    state.getResidentId() + "/" + state.getConsentId(), JSON.writeValueAsString(event))).get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    protected static ConsentState consent(Resident resident, String consentId, int version, String category,
            ConsentState.StatusEnum status, OffsetDateTime from, OffsetDateTime until) {
        return new ConsentState(consentId, version, resident.residentId(), resident.clientId(), category,
                "service-provision", status, from, until);
    }

    protected static ConsentState activeConsent(Resident resident, String consentId, int version, String category) {
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        return consent(resident, consentId, version, category, ConsentState.StatusEnum.ACTIVE,
                now.minusDays(1), now.plusDays(365));
    }

    // --- access records ---------------------------------------------------------------

    /** Waits (bounded) for the access record written for this correlation id. */
    protected AccessRecord awaitAccessRecord(String correlationId) {
        return await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50))
                .until(() -> findRecord(correlationId), Optional::isPresent).orElseThrow();
    }

    protected synchronized Optional<AccessRecord> findRecord(String correlationId) {
        if (accessRecords == null) {
            accessRecords = new KafkaConsumer<>(Map.of(
                    ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString(),
                    ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false), new StringDeserializer(), new StringDeserializer());
            List<TopicPartition> partitions = accessRecords.partitionsFor(ACCESS_TOPIC).stream()
                    .map(p -> new TopicPartition(ACCESS_TOPIC, p.partition())).toList();
            accessRecords.assign(partitions);
            accessRecords.seekToBeginning(partitions);
        }
        accessRecords.poll(Duration.ofMillis(100))
                .forEach(r -> SEEN_RECORDS.add(JSON.readValue(r.value(), AccessRecord.class)));
        return SEEN_RECORDS.stream().filter(r -> correlationId.equals(r.getCorrelationId())).findFirst();
    }

    // --- tokens and calls -------------------------------------------------------------

    protected static JWTClaimsSet.Builder claims(String clientId) {
        Instant now = Instant.now();
        return new JWTClaimsSet.Builder()
                .issuer(HUB.baseUrl())
                .audience(AUDIENCE)
                .subject(clientId)
                .claim("client_id", clientId)
                .claim("scope", "openid")
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plusSeconds(300)))
                .jwtID(UUID.randomUUID().toString());
    }

    protected static String sign(JWTClaimsSet claims, RSAKey key) {
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID())
                    .type(new JOSEObjectType("at+jwt")).build(), claims);
            jwt.sign(new RSASSASigner(key));
            return jwt.serialize();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    protected static String tokenFor(String clientId) {
        return sign(claims(clientId).build(), SIGNING_KEY);
    }

    protected static String token(String clientId, Consumer<JWTClaimsSet.Builder> change) {
        JWTClaimsSet.Builder builder = claims(clientId);
        change.accept(builder);
        return sign(builder.build(), SIGNING_KEY);
    }

    protected Answer read(String token, String sub, String category, Map<String, String> headers) {
        var all = new java.util.HashMap<>(headers);
        if (token != null) {
            all.put("Authorization", "Bearer " + token);
        }
        return call("GET", "/v1/residents/" + sub + "/" + category, null, all);
    }

    protected Answer call(String method, String path, String body, Map<String, String> headers) {
        return callAt(port, method, path, body, headers);
    }

    /** The same against another gateway instance (one a test started on {@code port}). */
    protected static Answer callAt(int port, String method, String path, String body, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .timeout(Duration.ofSeconds(20))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(request::header);
        try {
            HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Answer(response.statusCode(), response.headers().map(), response.body());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** An HTTP answer from the gateway. */
    protected record Answer(int status, Map<String, List<String>> headers, String body) {

        public String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(e -> e.getValue().get(0)).findFirst().orElse(null);
        }

        public JsonNode json() {
            return JSON.readTree(body);
        }

        public String problemType() {
            return json().path("type").asString();
        }
    }
}
