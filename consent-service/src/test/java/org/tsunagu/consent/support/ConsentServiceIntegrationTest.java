package org.tsunagu.consent.support;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Predicate;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.awaitility.Awaitility;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.http.Fault;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * One shared Spring context for every integration test: random HTTP port, an embedded Kafka
 * broker, WireMock serving the id-service app directory and a test JWKS, a temp H2 file and a
 * temp seeds folder.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Import(TestPortalLogin.class)
@EmbeddedKafka(partitions = 3, bootstrapServersProperty = "spring.kafka.bootstrap-servers")
public abstract class ConsentServiceIntegrationTest {

    public static final String AUDIENCE = "urn:tsunagu:consent-service";
    public static final String TOPIC = "tsunagu.consent-events.v1";
    public static final String SEEDED_RESIDENT = "RID-SEED-0001";
    public static final String BROKEN_APP = "directory-down-app";

    protected static final WireMockServer WIREMOCK = startWireMock();
    protected static final RSAKey SIGNING_KEY = rsaKey("test-signing-key");
    protected static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Path DATA_DIR = tempDir("consent-data");
    private static final Path SEEDS_DIR = seedsDir();
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    static {
        stubDirectoryAndJwks();
    }

    @LocalServerPort
    protected int port;

    @Autowired
    protected EmbeddedKafkaBroker broker;

    @Autowired
    protected JdbcClient jdbc;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("tsunagu.issuer-uri", WIREMOCK::baseUrl);
        registry.add("tsunagu.id-service.url", WIREMOCK::baseUrl);
        registry.add("tsunagu.data-dir", DATA_DIR::toString);
        registry.add("tsunagu.seeds-dir", SEEDS_DIR::toString);
        registry.add("tsunagu.audit-service.url", WIREMOCK::baseUrl);
    }

    // ---- tokens ----

    /** A portal token for the resident, as id-service issues it. */
    protected static String tokenFor(String residentId) {
        return token(claims -> claims.subject(residentId));
    }

    protected static String token(Consumer<JWTClaimsSet.Builder> customizer) {
        return sign(claims(customizer), SIGNING_KEY);
    }

    protected static JWTClaimsSet claims(Consumer<JWTClaimsSet.Builder> customizer) {
        Instant now = Instant.now();
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder()
                .issuer(WIREMOCK.baseUrl())
                .audience(List.of(AUDIENCE, "urn:tsunagu:audit-service"))
                .subject("RID-ANY")
                .claim("client_id", "tsunagu-portal")
                .claim("scope", "openid")
                .issueTime(Date.from(now))
                .notBeforeTime(Date.from(now.minusSeconds(5)))
                .expirationTime(Date.from(now.plusSeconds(300)))
                .jwtID(UUID.randomUUID().toString());
        customizer.accept(claims);
        return claims.build();
    }

    protected static String sign(JWTClaimsSet claims, RSAKey key) {
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(),
                    claims);
            jwt.sign(new RSASSASigner(key));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    protected static String signHs256(JWTClaimsSet claims) {
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID(SIGNING_KEY.getKeyID())
                    .build(), claims);
            jwt.sign(new MACSigner("an-hmac-secret-that-is-at-least-32-bytes-long!".getBytes()));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    protected static RSAKey rsaKey(String kid) {
        try {
            return new RSAKeyGenerator(2048).keyID(kid).generate();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    // ---- HTTP ----

    /** An HTTP answer with its body parsed when it is JSON. */
    public record Answer(int status, java.net.http.HttpHeaders headers, String body) {

        public JsonNode json() {
            return JSON.readTree(body);
        }

        public String contentType() {
            return headers.firstValue("Content-Type").orElse("");
        }

        public String header(String name) {
            return headers.firstValue(name).orElse(null);
        }
    }

    protected Answer call(String method, String path, String token, String contentType, String body,
                          Map<String, String> extraHeaders) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .timeout(Duration.ofSeconds(20))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        extraHeaders.forEach(request::header);
        try {
            HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Answer(response.statusCode(), response.headers(), response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    protected Answer get(String path, String token) {
        return call("GET", path, token, null, null, Map.of());
    }

    protected Answer postJson(String path, String token, String body) {
        return call("POST", path, token, "application/json", body, Map.of());
    }

    protected Answer grant(String residentId, String appId, String category, String purpose) {
        return postJson("/v1/me/consents", tokenFor(residentId),
                "{\"appId\":\"" + appId + "\",\"category\":\"" + category + "\",\"purpose\":\"" + purpose + "\"}");
    }

    protected Answer revoke(String residentId, String consentId) {
        return call("POST", "/v1/me/consents/" + consentId + "/revoke", tokenFor(residentId), null, null, Map.of());
    }

    protected static void assertProblem(Answer answer, int status, String slug) {
        assertThat(answer.status()).as(answer.body()).isEqualTo(status);
        assertThat(answer.contentType()).startsWith("application/problem+json");
        JsonNode problem = answer.json();
        assertThat(problem.get("type").asString()).isEqualTo("urn:tsunagu:problem:" + slug);
        assertThat(problem.get("status").asInt()).isEqualTo(status);
        assertThat(problem.get("title").asString()).isNotBlank();
        assertThat(problem.has("correlationId")).as("correlationId in " + answer.body()).isTrue();
        assertThat(answer.body()).doesNotContain("Exception").doesNotContain("\tat ");
    }

    // ---- ledger ----

    /** Items, history rows and outbox rows of one resident: the ledger's footprint. */
    protected List<Long> footprint(String residentId) {
        return List.of(
                jdbc.sql("SELECT COUNT(*) FROM consent_item WHERE resident_id = ?").param(residentId)
                        .query(Long.class).single(),
                jdbc.sql("SELECT COUNT(*) FROM consent_item_version WHERE resident_id = ?").param(residentId)
                        .query(Long.class).single(),
                jdbc.sql("SELECT COUNT(*) FROM consent_outbox WHERE resident_id = ?").param(residentId)
                        .query(Long.class).single());
    }

    // ---- Kafka ----

    /** Reads the consent-events topic from the start until {@code wanted} matching records arrived. */
    protected List<ConsumerRecord<String, String>> awaitEvents(Predicate<ConsumerRecord<String, String>> filter,
                                                               int wanted) {
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
                    if (filter.test(record)) {
                        matched.add(record);
                    }
                });
                return matched.size() >= wanted;
            });
        }
        return matched;
    }

    protected static Predicate<ConsumerRecord<String, String>> keyIs(String key) {
        return record -> key.equals(record.key());
    }

    // ---- fixtures ----

    private static WireMockServer startWireMock() {
        WireMockServer server = new WireMockServer(options().dynamicPort());
        server.start();
        Runtime.getRuntime().addShutdownHook(new Thread(server::stop));
        return server;
    }

    private static void stubDirectoryAndJwks() {
        WIREMOCK.stubFor(WireMock.get(urlEqualTo("/oauth2/jwks"))
                .willReturn(okJson(new JWKSet(SIGNING_KEY.toPublicJWK()).toString())));
        WIREMOCK.stubFor(WireMock.get(urlPathMatching("/v1/apps/.*")).atPriority(10)
                .willReturn(aResponse().withStatus(404).withHeader("Content-Type", "application/problem+json")
                        .withBody("{\"type\":\"urn:tsunagu:problem:not-found\",\"title\":\"Not found\",\"status\":404}")));
        WIREMOCK.stubFor(WireMock.get(urlEqualTo("/v1/apps/aizu-vaccine-notebook")).atPriority(1)
                .willReturn(okJson("""
                        {"clientId":"aizu-vaccine-notebook","name":"会津ワクチン手帳","operator":"会津デジタルヘルス合同会社",
                         "municipality":"aizuwakamatsu","categories":["vaccination-records","resident-basic"],
                         "purposes":["service-provision","notification"]}""")));
        WIREMOCK.stubFor(WireMock.get(urlEqualTo("/v1/apps/bandai-school-notice")).atPriority(1)
                .willReturn(okJson("""
                        {"clientId":"bandai-school-notice","name":"ばんだい学校だより","operator":"磐梯町教育委員会",
                         "municipality":"bandai","categories":["resident-basic"],"purposes":["notification"]}""")));
        WIREMOCK.stubFor(WireMock.get(urlEqualTo("/v1/apps/" + BROKEN_APP)).atPriority(1)
                .willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
    }

    private static Path tempDir(String prefix) {
        try {
            // under the module's target/ (mvn clean removes it), not /tmp, where every run would leave one
            Path dir = Files.createTempDirectory(Files.createDirectories(Path.of("target").toAbsolutePath()), prefix);
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path seedsDir() {
        Path dir = tempDir("consent-seeds");
        try {
            Files.writeString(dir.resolve("consents.json"), """
                    [
                      {"residentId": "%s", "appId": "aizu-vaccine-notebook", "category": "vaccination-records",
                       "purpose": "service-provision", "validUntil": "2099-12-31T23:59:59+09:00"}
                    ]
                    """.formatted(SEEDED_RESIDENT));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return dir;
    }
}
