package org.tsunagu.launcher.municipality;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Stands in for the municipality's own systems in the embedded hub: a health system
 * (vaccinations) and a resident registry, each answering in its own, non-canonical JSON,
 * served from {@code seeds/municipal/}. It lives outside the hub: only the connectors
 * call it, exactly as they would call the real systems.
 */
public final class MunicipalSimulator implements AutoCloseable {

    private static final Pattern VACCINATIONS = Pattern.compile("^/health/api/v1/patients/([^/]+)/vaccinations$");
    private static final Pattern RESIDENT = Pattern.compile("^/registry/api/v1/residents/([^/]+)$");

    /** The health system's shared secret for signing event notices (embedded default, also given to connectors). */
    public static final String HEALTH_EVENT_SECRET = "whsec_ZGV2LWhlYWx0aC1ldmVudC1zZWNyZXQtMzItYnl0ZXMhIQ==";
    /** The registry's shared secret for signing event notices. */
    public static final String REGISTRY_EVENT_SECRET = "whsec_ZGV2LXJlZ2lzdHJ5LWV2ZW50LXNlY3JldC0zMi1ieXRlcyE=";

    static {
        // The JDK server writes headers and body separately; with Nagle on, a keep-alive client's
        // delayed ACK holds every answer ~40 ms. Read once, when the first HttpServer starts.
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
    }

    private final MunicipalEventEmitter emitter = new MunicipalEventEmitter();
    private volatile String connectorsUrl = "http://localhost:9003";
    private final Map<String, JsonNode> patients;
    private final Map<String, JsonNode> residents;
    private final HttpServer server;
    private volatile boolean available = true;

    public MunicipalSimulator(Path municipalSeeds, int port) {
        JsonMapper mapper = JsonMapper.builder().build();
        this.patients = load(mapper, municipalSeeds.resolve("health-vaccinations.json"));
        this.residents = load(mapper, municipalSeeds.resolve("registry-residents.json"));
        try {
            this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
        } catch (IOException e) {
            throw new UncheckedIOException("Port " + port + " for the simulated municipality is taken", e);
        }
        server.createContext("/", this::handle);
        server.setExecutor(Executors.newFixedThreadPool(4));
    }

    public void start() {
        server.start();
    }

    /** Lets a test take the municipal systems down (they answer 503) and back up. */
    public void setAvailable(boolean available) {
        this.available = available;
    }

    /** Where event notices go (the connectors); {@code http://localhost:9003} unless changed. */
    public void sendEventsTo(String connectorsUrl) {
        this.connectorsUrl = connectorsUrl;
    }

    /**
     * The health system notices that a vaccination is due for one of its patients and tells the
     * connectors, in its own keys (patient number, the patient's name too). Returns the hub's event id.
     */
    public String emitVaccinationDue(String patientNo) {
        JsonNode patient = patients.get(patientNo);
        String name = patient == null ? "" : patient.path("patient_name").asString();
        return emitter.emit(connectorsUrl, "health", HEALTH_EVENT_SECRET, "vaccination-due", patientNo,
                Map.of("vaccine", "インフルエンザHA", "vaccineCode", "FLU", "doseNumber", "2",
                        "dueBy", java.time.LocalDate.now().plusWeeks(3).toString(),
                        "patientName", name, "patientNo", patientNo));
    }

    public String baseUrl() {
        return "http://localhost:" + server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
        ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!"GET".equals(exchange.getRequestMethod())) {
                send(exchange, 405, "{\"error\":\"method not allowed\"}");
                return;
            }
            if (!available) {
                send(exchange, 503, "{\"error\":\"system maintenance\"}");
                return;
            }
            String path = exchange.getRequestURI().getPath();
            Matcher m = VACCINATIONS.matcher(path);
            if (m.matches()) {
                answer(exchange, patients.get(m.group(1)));
                return;
            }
            m = RESIDENT.matcher(path);
            if (m.matches()) {
                answer(exchange, residents.get(m.group(1)));
                return;
            }
            send(exchange, 404, "{\"error\":\"no such resource\"}");
        }
    }

    private static void answer(HttpExchange exchange, JsonNode found) throws IOException {
        if (found == null) {
            send(exchange, 404, "{\"error\":\"not found\"}");
        } else {
            send(exchange, 200, found.toString());
        }
    }

    private static void send(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static Map<String, JsonNode> load(JsonMapper mapper, Path file) {
        JsonNode root = mapper.readTree(file.toFile());
        java.util.LinkedHashMap<String, JsonNode> byKey = new java.util.LinkedHashMap<>();
        root.properties().forEach(e -> byKey.put(e.getKey(), e.getValue()));
        return Map.copyOf(byKey);
    }
}
