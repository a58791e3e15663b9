package org.tsunagu.launcher.municipality;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicReference;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import java.net.ServerSocket;

class MunicipalSimulatorTest {

    private final HttpClient http = HttpClient.newHttpClient();
    private MunicipalSimulator simulator;

    @BeforeEach
    void start() throws Exception {
        simulator = new MunicipalSimulator(Path.of("../seeds/municipal"), freePort());
        simulator.start();
    }

    @AfterEach
    void stop() {
        simulator.close();
    }

    @Test
    void givenASeededPatient_thenTheHealthSystemAnswersInItsOwnFormat() throws Exception {
        HttpResponse<String> r = get("/health/api/v1/patients/HK-20571/vaccinations");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).contains("\"patient_no\":\"HK-20571\"", "vaccine_name", "insurance_no");
    }

    @Test
    void givenASeededResident_thenTheRegistryAnswersWithItsSensitiveFieldsToo() throws Exception {
        HttpResponse<String> r = get("/registry/api/v1/residents/JK-07-0042");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).contains("my_number", "shimei");
    }

    @Test
    void givenAnUnknownKey_thenNotFound() throws Exception {
        assertThat(get("/registry/api/v1/residents/nobody").statusCode()).isEqualTo(404);
        assertThat(get("/elsewhere").statusCode()).isEqualTo(404);
    }

    @Test
    void givenTheSystemsAreDown_thenServiceUnavailable() throws Exception {
        simulator.setAvailable(false);
        assertThat(get("/health/api/v1/patients/HK-20571/vaccinations").statusCode()).isEqualTo(503);
    }

    @Test
    void givenAVaccinationDue_whenEmitted_thenASignedNoticeInTheHealthSystemsKeysReachesTheConnectors()
            throws Exception {
        AtomicReference<HttpExchange> seen =
                new AtomicReference<>();
        AtomicReference<byte[]> body = new AtomicReference<>();
        HttpServer connectors = HttpServer.create(
                new InetSocketAddress("127.0.0.1", 0), 0);
        connectors.createContext("/v1/municipal/health/events", exchange -> {
            seen.set(exchange);
            body.set(exchange.getRequestBody().readAllBytes());
            byte[] answer = "{\"eventId\":\"3f1c0e9a-0000-3000-8000-000000000001\"}".getBytes();
            exchange.sendResponseHeaders(202, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        connectors.start();
        try {
            simulator.sendEventsTo("http://localhost:" + connectors.getAddress().getPort());

            String eventId = simulator.emitVaccinationDue("HK-20571");

            assertThat(eventId).isEqualTo("3f1c0e9a-0000-3000-8000-000000000001");
            Headers headers = seen.get().getRequestHeaders();
            String id = headers.getFirst("webhook-id");
            long timestamp = Long.parseLong(headers.getFirst("webhook-timestamp"));
            assertThat(headers.getFirst("webhook-signature")).isEqualTo(MunicipalEventEmitter.signature(
                    MunicipalSimulator.HEALTH_EVENT_SECRET, id, timestamp, body.get()));
            assertThat(new String(body.get(), StandardCharsets.UTF_8))
                    .contains("\"eventType\":\"vaccination-due\"", "\"municipalKey\":\"HK-20571\"", "dueBy");
        } finally {
            connectors.stop(0);
        }
    }

    @Test
    void givenConnectorsRefuse_whenEmitted_thenTheTestIsToldWhy() throws Exception {
        HttpServer connectors = HttpServer.create(
                new InetSocketAddress("127.0.0.1", 0), 0);
        connectors.createContext("/", exchange -> {
            exchange.sendResponseHeaders(401, -1);
            exchange.close();
        });
        connectors.start();
        try {
            simulator.sendEventsTo("http://localhost:" + connectors.getAddress().getPort());

            assertThatThrownBy(() -> simulator.emitVaccinationDue("HK-20571"))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("401");
        } finally {
            connectors.stop(0);
        }
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(simulator.baseUrl() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
