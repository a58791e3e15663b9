package org.tsunagu.launcher.municipality;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;

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
