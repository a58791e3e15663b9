package org.tsunagu.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.web.client.RestClientResponseException;
import org.tsunagu.client.audit.model.AccessLogEntry;
import org.tsunagu.launcher.Hub;
import org.tsunagu.launcher.services.ServiceProcess;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The audit chain over the real hub: audit-service is killed (kill -9) while the gateway keeps
 * producing access records; after restart every record is in the chain exactly once and the
 * chain verifies (checked as the demo operator). Residents see only their own records; apps see none.
 */
@Order(Integer.MAX_VALUE - 2)
@ExtendWith(RunningHub.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AuditRestartE2eTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Resident OPERATOR = new Resident("OP-0001", "aizu-operator", "Aizu-Operator-2026");

    @Test
    @Order(1)
    void givenReadsDuringAKill9OfAuditService_whenItIsBack_thenEveryRecordChainedExactlyOnce() {
        String sub = RegionalId.app(Resident.SAKURA, DemoApp.SCHOOL_NOTICE).subject();
        var app = HubApis.gateway(RegionalId.clientCredentials(DemoApp.SCHOOL_NOTICE));
        String run = "e2e-audit-" + UUID.randomUUID().toString().substring(0, 8);
        List<String> correlationIds = new ArrayList<>();
        Runnable read = () -> {
            String correlationId = run + "-" + correlationIds.size();
            correlationIds.add(correlationId);
            try {
                app.readResidentCategory(sub, "resident-basic", null, correlationId);
            } catch (RestClientResponseException deniedOrAllowedDoesNotMatter) {
                // every decision, allowed or denied, is an access record
            }
        };
        ServiceProcess audit = RunningHub.hub().service(Hub.AUDIT_SERVICE);

        for (int i = 0; i < 15; i++) {
            read.run();
        }
        audit.kill();
        for (int i = 0; i < 15; i++) {
            read.run();
        }
        audit.start();
        for (int i = 0; i < 10; i++) {
            read.run();
        }
        long t0 = System.nanoTime();
        audit.awaitHealthy(Duration.ofMinutes(2));
        System.out.printf("[e2e] audit-service back after kill -9 in %d ms%n", (System.nanoTime() - t0) / 1_000_000);
        for (int i = 0; i < 10; i++) {
            read.run();
        }

        String portal = RegionalId.portal(Resident.SAKURA).accessToken();
        await("all %d records of this run in the resident's log".formatted(correlationIds.size()))
                .atMost(Duration.ofSeconds(60)).ignoreException(RestClientResponseException.class)
                .until(() -> countsOf(portal, run).keySet().containsAll(correlationIds));
        Map<String, Long> counts = countsOf(portal, run);
        assertThat(counts).hasSize(correlationIds.size());
        assertThat(counts.values()).allMatch(n -> n == 1L);
    }

    @Test
    @Order(2)
    void givenTheKill9Above_whenAnOperatorVerifiesTheChain_thenItIsIntact() {
        String operator = operatorToken();
        assertThat(post("/v1/audit/checkpoints", operator).statusCode()).isIn(201, 409);
        JsonNode report = JSON.readTree(get("/v1/audit/verification", operator).body());
        assertThat(report.path("ok").asBoolean()).as("verification: %s", report).isTrue();
        assertThat(verifyOnTheCommandLine(get("/v1/audit/chain", operator).body()))
                .startsWith("exit 0: OK:");
        JsonNode page = JSON.readTree(get("/v1/audit/records?residentId=" + Resident.SAKURA.residentId()
                + "&appId=" + DemoApp.SCHOOL_NOTICE.clientId() + "&size=500", operator).body());
        assertThat(page.path("items").get(0).path("appOperator").asString()).isNotBlank();
    }

    @Test
    @Order(3)
    void givenTwoResidentsAndAnApp_whenReadingLogs_thenOwnRecordsOnlyAndTheAppNothing() {
        String hanakoSub = RegionalId.app(Resident.HANAKO, DemoApp.TOURISM).subject();
        String correlationId = "e2e-audit-own-" + UUID.randomUUID().toString().substring(0, 8);
        String appToken = RegionalId.clientCredentials(DemoApp.TOURISM);
        try {
            HubApis.gateway(appToken).readResidentCategory(hanakoSub, "resident-basic", null, correlationId);
        } catch (RestClientResponseException ignored) {
            // recorded either way
        }
        String hanako = RegionalId.portal(Resident.HANAKO).accessToken();
        String taro = RegionalId.portal(Resident.TARO).accessToken();

        await().atMost(Duration.ofSeconds(30)).until(() -> countsOf(hanako, correlationId).size() == 1);

        assertThat(countsOf(taro, correlationId)).isEmpty();
        assertThat(HubApis.audit(taro).readMyAccessLog(500).getItems())
                .allMatch(e -> !correlationId.equals(e.getCorrelationId()));
        assertThat(get("/v1/me/access-log", appToken).statusCode()).isEqualTo(401);
        assertThat(get("/v1/audit/records", appToken).statusCode()).isEqualTo(401);
        assertThat(get("/v1/audit/records", hanako).statusCode()).isEqualTo(403);
    }

    /** Runs the offline verifier from the audit-service jar on an export, as the README says. */
    private static String verifyOnTheCommandLine(String export) {
        try {
            Path dir = Files.createTempDirectory(Files.createDirectories(Path.of("target").toAbsolutePath()), "audit-verify");
            Path chain = Files.writeString(dir.resolve("chain.jsonl"), export);
            Path keys = Files.writeString(dir.resolve("keys.json"), get("/v1/audit/keys", null).body());
            Path jar = Path.of("..", "launcher", "target", "services", "tsunagu-audit-service.jar");
            Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", jar.toString(), "-Dloader.main=org.tsunagu.audit.verify.VerifyCommand",
                    "org.springframework.boot.loader.launch.PropertiesLauncher",
                    "--keys", keys.toString(), chain.toString())
                    .redirectErrorStream(true).start();
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
            System.out.println("[e2e] command-line verifier: " + out);
            return "exit " + process.exitValue() + ": " + out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The demo operator's token (operator console client of the regional ID). */
    static String operatorToken() {
        return RegionalId.logIn(OPERATOR, "tsunagu-operator-console", null, RegionalId.LOOPBACK_REDIRECT)
                .accessToken();
    }

    private static Map<String, Long> countsOf(String portalToken, String correlationPrefix) {
        return HubApis.audit(portalToken).readMyAccessLog(500).getItems().stream()
                .map(AccessLogEntry::getCorrelationId)
                .filter(id -> id != null && id.startsWith(correlationPrefix))
                .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
    }

    private static HttpResponse<String> get(String path, String token) {
        return send(HttpRequest.newBuilder(URI.create(HubApis.AUDIT + path)).GET(), token);
    }

    private static HttpResponse<String> post(String path, String token) {
        return send(HttpRequest.newBuilder(URI.create(HubApis.AUDIT + path))
                .POST(HttpRequest.BodyPublishers.noBody()), token);
    }

    private static HttpResponse<String> send(HttpRequest.Builder request, String token) {
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        try {
            return HTTP.send(request.build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
