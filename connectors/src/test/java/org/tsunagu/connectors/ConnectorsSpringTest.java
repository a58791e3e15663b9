package org.tsunagu.connectors;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;

import com.github.tomakehurst.wiremock.WireMockServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The one Spring context of this module's tests: the app on a random port, one WireMock (dynamic port)
 * playing both the issuer's JWKS and the municipal systems, an embedded Kafka broker for the municipal
 * events topic, a throw-away data directory, and a {@link TestClock} as the application's clock (the
 * system's, until a test moves it; back to it after each test).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@EmbeddedKafka(partitions = 3, bootstrapServersProperty = "spring.kafka.bootstrap-servers")
@Import(ConnectorsSpringTest.MovableTime.class)
public abstract class ConnectorsSpringTest {

    /** The application's clock: tokens are checked against it. */
    protected static final TestClock CLOCK = TestClock.system();

    @TestConfiguration(proxyBeanMethods = false)
    static class MovableTime {
        @Bean
        @Primary
        Clock testClock() {
            return CLOCK;
        }
    }

    protected static final WireMockServer WIREMOCK = new WireMockServer(options().dynamicPort());
    protected static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    static {
        WIREMOCK.start();
    }

    @LocalServerPort
    protected int port;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) throws IOException {
        Path dataDir = Files.createTempDirectory(Files.createDirectories(Path.of("target").toAbsolutePath()), "connectors-test");
        registry.add("tsunagu.data-dir", dataDir::toString);
        registry.add("tsunagu.seeds-dir", () -> Path.of("src/test/resources/seeds").toAbsolutePath().toString());
        registry.add("tsunagu.issuer-uri", ConnectorsSpringTest::issuer);
        registry.add("tsunagu.municipal.health.base-url", () -> WIREMOCK.baseUrl() + "/health");
        registry.add("tsunagu.municipal.registry.base-url", () -> WIREMOCK.baseUrl() + "/registry/");
        registry.add("tsunagu.municipal.read-timeout", () -> "500ms");
    }

    protected static String issuer() {
        return WIREMOCK.baseUrl();
    }

    @AfterEach
    void resetClock() {
        CLOCK.reset();
    }

    @BeforeEach
    void resetWireMock() {
        WIREMOCK.resetAll();
        WIREMOCK.stubFor(get(urlEqualTo("/oauth2/jwks")).willReturn(aResponse()
                .withHeader("Content-Type", "application/json")
                .withBody(TestTokens.jwks())));
    }

    protected HttpResponse<String> call(String method, String path, String token, String correlationId) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .method(method, HttpRequest.BodyPublishers.noBody());
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        if (correlationId != null) {
            request.header("X-Correlation-Id", correlationId);
        }
        try {
            return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    protected HttpResponse<String> httpGet(String path, String token) {
        return call("GET", path, token, null);
    }

    protected static JsonNode json(HttpResponse<String> response) {
        return JSON.readTree(response.body());
    }
}
