package org.tsunagu.id;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * One shared Spring context for the id-service HTTP tests: random port, a fresh temp data dir,
 * seeds from {@code ../seeds}, an embedded Kafka broker. The issuer stays {@code http://localhost:9000}; tests check claims.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "spring.kafka.bootstrap-servers=${spring.embedded.kafka.brokers}")
@EmbeddedKafka(partitions = 3)
public abstract class IdServiceTestSupport {

    protected static final String ISSUER = "http://localhost:9000";
    private static final Path DATA_DIR = tempDir();

    @LocalServerPort
    protected int port;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("tsunagu.data-dir", DATA_DIR::toString);
        registry.add("tsunagu.seeds-dir", () -> "../seeds");
        registry.add("tsunagu.issuer-uri", () -> ISSUER);
    }

    protected HubHttpClient http() {
        return new HubHttpClient("http://localhost:" + port);
    }

    private static Path tempDir() {
        try {
            return Files.createTempDirectory("id-service-test");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
