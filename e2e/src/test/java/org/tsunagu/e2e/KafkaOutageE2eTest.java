package org.tsunagu.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.tsunagu.e2e.HubApis.assertProblem;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.web.client.RestClientResponseException;
import org.tsunagu.client.consent.model.ConsentItem;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Kafka is down when a resident withdraws: the withdrawal is kept (outbox), the gateway
 * lets no data out while it cannot record access, and once Kafka is back the
 * withdrawal takes effect — at the gateway and in the audit chain.
 */
@Order(Integer.MAX_VALUE) // stops the broker: run after the other e2e classes
@ExtendWith(RunningHub.class)
class KafkaOutageE2eTest {

    @Test
    void givenKafkaDown_whenTheResidentWithdraws_thenTheWithdrawalIsKept_andTakesEffectOnceKafkaIsBack() throws Exception {
        String sub = RegionalId.app(Resident.SAKURA, DemoApp.VACCINE_NOTEBOOK).subject();
        var gateway = HubApis.gateway(RegionalId.clientCredentials(DemoApp.VACCINE_NOTEBOOK));
        await("Sakura's seeded consent allows the read").atMost(Duration.ofSeconds(20))
                .ignoreException(RestClientResponseException.class)
                .until(() -> gateway.readResidentCategory(sub, "vaccination-records", "service-provision", null) != null);
        String portalToken = RegionalId.portal(Resident.SAKURA).accessToken();
        var consents = HubApis.consent(portalToken);
        ConsentItem seeded = consents.listMyConsents().getItems().stream()
                .filter(c -> c.getAppId().equals(DemoApp.VACCINE_NOTEBOOK.clientId()))
                .findFirst().orElseThrow();

        RunningHub.hub().kafka().stop();
        try {
            long t0 = System.nanoTime();
            ConsentItem revoked = consents.revokeMyConsent(seeded.getConsentId());
            System.out.printf("[e2e] withdrawal with Kafka down answered in %d ms%n", (System.nanoTime() - t0) / 1_000_000);
            assertThat(revoked.getStatus().getValue()).isEqualTo("REVOKED");

            // No access record can be written, so no data leaves.
            assertProblem(() -> gateway.readResidentCategory(sub, "vaccination-records", "service-provision", null),
                    503, "audit-unavailable");
        } finally {
            RunningHub.hub().kafka().start();
        }
        long restarted = System.nanoTime();
        await("the kept withdrawal takes effect after Kafka is back").atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> {
                    try {
                        gateway.readResidentCategory(sub, "vaccination-records", "service-provision", null);
                        return false;
                    } catch (RestClientResponseException e) {
                        return e.getStatusCode().value() == 403;
                    }
                });
        System.out.printf("[e2e] Kafka back → withdrawal effective at the gateway: %d ms%n",
                (System.nanoTime() - restarted) / 1_000_000);
        assertProblem(() -> gateway.readResidentCategory(sub, "vaccination-records", "service-provision", null),
                403, "consent-revoked");
        assertThat(consents.getMyConsent(seeded.getConsentId()).getStatus().getValue()).isEqualTo("REVOKED");

        // The audit log got the withdrawal too, once, and its chain still verifies.
        String operator = AuditRestartE2eTest.operatorToken();
        await("the withdrawal is in the audit chain").atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            JsonNode page = JSON.readTree(audit("/v1/audit/records?residentId=" + Resident.SAKURA.residentId()
                    + "&size=500", operator).body());
            long revocations = 0;
            for (JsonNode entry : page.path("items")) {
                if ("CONSENT".equals(entry.path("kind").asString())
                        && seeded.getConsentId().equals(entry.path("consentId").asString())
                        && "CONSENT_REVOKED".equals(entry.path("action").asString())) {
                    revocations++;
                }
            }
            assertThat(revocations).as("CONSENT_REVOKED entries for %s", seeded.getConsentId()).isEqualTo(1);
        });
        JsonNode report = JSON.readTree(audit("/v1/audit/verification", operator).body());
        assertThat(report.path("ok").asBoolean()).as("verification: %s", report).isTrue();
    }

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static HttpResponse<String> audit(String path, String token) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(HubApis.AUDIT + path))
                .header("Authorization", "Bearer " + token).GET().build(), HttpResponse.BodyHandlers.ofString());
    }
}
