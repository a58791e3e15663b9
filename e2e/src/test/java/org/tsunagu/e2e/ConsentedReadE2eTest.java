package org.tsunagu.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.tsunagu.e2e.HubApis.assertProblem;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.web.client.RestClientResponseException;
import org.tsunagu.client.audit.model.AccessLogEntry;
import org.tsunagu.client.consent.model.ConsentGrantRequest;
import org.tsunagu.client.consent.model.ConsentItem;
import org.tsunagu.client.consent.model.DataCategory;
import org.tsunagu.client.consent.model.Purpose;
import org.tsunagu.client.gateway.model.CategoryResponse;
import tools.jackson.databind.json.JsonMapper;

/**
 * The walking skeleton's story, through HTTP only: Hanako has not opted in, so the
 * vaccine app is refused; she opts in, the app reads her vaccinations and nothing else;
 * she withdraws, and within a measured time the app is refused again; her access log
 * shows every decision.
 */
@ExtendWith(RunningHub.class)
class ConsentedReadE2eTest {

    private static final String VACCINATIONS = "vaccination-records";
    private static final String BASIC = "resident-basic";
    private static final Duration PROPAGATION_BOUND = Duration.ofSeconds(5);

    @Test
    void givenNoConsent_whenTheAppReads_thenRefused_andAfterOptInItReadsOnlyThatCategory_andAfterWithdrawalRefusedAgain() {
        // Hanako uses the vaccine app once; the app learns only its pairwise sub for her.
        RegionalId.Login appLogin = RegionalId.app(Resident.HANAKO, DemoApp.VACCINE_NOTEBOOK);
        String sub = appLogin.subject();
        assertThat(sub).isNotEqualTo(Resident.HANAKO.residentId());
        String appToken = RegionalId.clientCredentials(DemoApp.VACCINE_NOTEBOOK);
        var gateway = HubApis.gateway(appToken);

        // 1. No consent: refused, nothing leaks.
        assertProblem(() -> gateway.readResidentCategory(sub, VACCINATIONS, "service-provision", null),
                403, "consent-required");

        // 2. Hanako opts in through the consent API with her own token.
        String portalToken = RegionalId.portal(Resident.HANAKO).accessToken();
        var consents = HubApis.consent(portalToken);
        ConsentItem granted = consents.grantConsent(new ConsentGrantRequest()
                .appId(DemoApp.VACCINE_NOTEBOOK.clientId())
                .category(DataCategory.VACCINATION_RECORDS)
                .purpose(Purpose.SERVICE_PROVISION)
                .validUntil(OffsetDateTime.now().plusDays(30)));
        assertThat(granted.getStatus().getValue()).isEqualTo("ACTIVE");

        AtomicReference<CategoryResponse> read = new AtomicReference<>();
        long grantedAt = System.nanoTime();
        await("the grant reaches the gateway").atMost(PROPAGATION_BOUND).pollInterval(Duration.ofMillis(20))
                .ignoreException(RestClientResponseException.class)
                .until(() -> {
                    read.set(gateway.readResidentCategory(sub, VACCINATIONS, "service-provision", null));
                    return true;
                });
        System.out.printf("[e2e] grant → first allowed read: %d ms%n", (System.nanoTime() - grantedAt) / 1_000_000);

        // 3. The answer: her vaccinations, under the app's pairwise sub, and nothing else.
        CategoryResponse response = read.get();
        assertThat(response.getSubject()).isEqualTo(sub);
        assertThat(response.getConsentId()).isEqualTo(granted.getConsentId());
        assertThat(response.getVaccinationRecords()).isNotNull();
        assertThat(response.getVaccinationRecords().getRecords()).hasSize(3)
                .anySatisfy(r -> assertThat(r.getVaccine()).isEqualTo("インフルエンザHA"));
        assertThat(response.getResidentBasic()).isNull();
        String raw = JsonMapper.builder().build().writeValueAsString(response);
        assertThat(raw).doesNotContain(Resident.HANAKO.residentId(), "HK-20571", "会津 花子", "insurance", "lot",
                "東栄町", "佐藤", "my_number");

        // 4. A category the app declared but Hanako did not open stays closed.
        assertProblem(() -> gateway.readResidentCategory(sub, BASIC, "service-provision", null),
                403, "consent-required");

        // 5. Withdrawal: measured from the resident's click to the first refused read.
        long revokeStarted = System.nanoTime();
        ConsentItem revoked = consents.revokeMyConsent(granted.getConsentId());
        assertThat(revoked.getStatus().getValue()).isEqualTo("REVOKED");
        await("the withdrawal reaches the gateway").atMost(PROPAGATION_BOUND).pollInterval(Duration.ofMillis(10))
                .until(() -> {
                    try {
                        gateway.readResidentCategory(sub, VACCINATIONS, "service-provision", null);
                        return false;
                    } catch (RestClientResponseException e) {
                        return e.getStatusCode().value() == 403;
                    }
                });
        long revocationMs = (System.nanoTime() - revokeStarted) / 1_000_000;
        System.out.printf("[e2e] withdrawal → first refused read: %d ms (bound %d ms)%n",
                revocationMs, PROPAGATION_BOUND.toMillis());
        assertProblem(() -> gateway.readResidentCategory(sub, VACCINATIONS, "service-provision", null),
                403, "consent-revoked");

        // 6. Hanako's access log shows the allowed read and the refusals, about her only.
        var audit = HubApis.audit(portalToken);
        await("the access records reach the audit log").atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            List<AccessLogEntry> entries = audit.readMyAccessLog(500).getItems();
            assertThat(entries).anySatisfy(e -> {
                assertThat(e.getDecision().getValue()).isEqualTo("ALLOWED");
                assertThat(e.getCategory()).isEqualTo(VACCINATIONS);
                assertThat(e.getAppId()).isEqualTo(DemoApp.VACCINE_NOTEBOOK.clientId());
                assertThat(e.getConsentId()).isEqualTo(granted.getConsentId());
            });
            assertThat(entries).anySatisfy(e -> {
                assertThat(e.getDecision().getValue()).isEqualTo("DENIED");
                assertThat(e.getReason()).isEqualTo("consent-required");
            });
            assertThat(entries).anySatisfy(e -> {
                assertThat(e.getDecision().getValue()).isEqualTo("DENIED");
                assertThat(e.getReason()).isEqualTo("consent-revoked");
            });
        });
    }
}
