package org.tsunagu.id;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * One shared Spring context for the id-service HTTP tests: random port, a fresh temp data dir,
 * seeds from {@code ../seeds}, an embedded Kafka broker, WireMock (dynamic port) standing in for consent-service. The issuer stays {@code http://localhost:9000}; tests check claims.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "spring.kafka.bootstrap-servers=${spring.embedded.kafka.brokers}")
@EmbeddedKafka(partitions = 3)
public abstract class IdServiceTestSupport {

    protected static final String ISSUER = "http://localhost:9000";
    private static final Path DATA_DIR = tempDir();

    /** consent-service as the id-service sees it; started once for the shared context. */
    protected static final WireMockServer CONSENT_SERVICE = startConsentService();

    @LocalServerPort
    protected int port;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("tsunagu.data-dir", DATA_DIR::toString);
        registry.add("tsunagu.seeds-dir", () -> "../seeds");
        registry.add("tsunagu.issuer-uri", () -> ISSUER);
        registry.add("tsunagu.consent-service.url", CONSENT_SERVICE::baseUrl);
    }

    protected HubHttpClient http() {
        return new HubHttpClient("http://localhost:" + port);
    }

    private static WireMockServer startConsentService() {
        WireMockServer server = new WireMockServer(WireMockConfiguration.options().dynamicPort());
        server.start();
        Runtime.getRuntime().addShutdownHook(new Thread(server::stop));
        return server;
    }

    private static Path tempDir() {
        try {
            return Files.createTempDirectory(Files.createDirectories(Path.of("target").toAbsolutePath()), "id-service-test");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
