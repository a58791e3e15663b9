package org.tsunagu.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.tsunagu.e2e.HubApis.assertProblem;

import java.time.Duration;
import java.time.OffsetDateTime;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.web.client.RestClientResponseException;
import org.tsunagu.client.consent.model.ConsentGrantRequest;
import org.tsunagu.client.consent.model.ConsentItem;
import org.tsunagu.client.consent.model.DataCategory;
import org.tsunagu.client.consent.model.Purpose;

/**
 * The resident portal in real headless Chromium against the running hub: Hanako logs in with
 * the regional ID (the real id-service login page), sees that the vaccine app may read her
 * vaccinations, withdraws everything for that app with one keyboard action, sees the
 * confirmation at once, and the gateway refuses the app's next read.
 */
@ExtendWith(RunningHub.class)
class PortalE2eTest {

    private static final String VACCINATIONS = "vaccination-records";
    private static final Duration PROPAGATION_BOUND = Duration.ofSeconds(5);

    @Test
    void givenAConsent_whenTheResidentWithdrawsInThePortal_thenTheGatewayRefusesTheNextRead() {
        RegionalId.Login appLogin = RegionalId.app(Resident.HANAKO, DemoApp.VACCINE_NOTEBOOK);
        String sub = appLogin.subject();
        var gateway = HubApis.gateway(RegionalId.clientCredentials(DemoApp.VACCINE_NOTEBOOK));
        ConsentItem granted = HubApis.consent(RegionalId.portal(Resident.HANAKO).accessToken())
                .grantConsent(new ConsentGrantRequest()
                        .appId(DemoApp.VACCINE_NOTEBOOK.clientId())
                        .category(DataCategory.VACCINATION_RECORDS)
                        .purpose(Purpose.SERVICE_PROVISION)
                        .validUntil(OffsetDateTime.now().plusDays(30)));
        await("the grant reaches the gateway").atMost(PROPAGATION_BOUND).pollInterval(Duration.ofMillis(20))
                .ignoreException(RestClientResponseException.class)
                .until(() -> gateway.readResidentCategory(sub, VACCINATIONS, "service-provision", null) != null);

        try (PortalBrowser browser = PortalBrowser.start()) {
            // log in through the portal: it sends the browser to the regional ID's own login page
            browser.open(HubApis.CONSENT + "/");
            assertThat(browser.source()).contains("lang=\"ja\"");
            browser.click(browser.find("#login", Duration.ofSeconds(10)));
            String username = browser.find("input[name=username]", Duration.ofSeconds(10));
            assertThat(browser.currentUrl()).startsWith("http://localhost:9000/");
            browser.type(username, Resident.HANAKO.login());
            String password = browser.find("input[name=password]", Duration.ofSeconds(5));
            browser.type(password, Resident.HANAKO.password());
            browser.pressEnter(password);

            // back in the portal: the vaccine app, what it may see, why, until when
            String card = browser.find("section[data-app-id='aizu-vaccine-notebook']", Duration.ofSeconds(15));
            assertThat(browser.currentUrl()).startsWith(HubApis.CONSENT + "/apps");
            assertThat(browser.text(card)).contains("会津ワクチン手帳").contains("予防接種記録")
                    .contains("サービスの提供");

            // one action withdraws everything for the app, confirmed on the next screen at once
            long withdrawStarted = System.nanoTime();
            browser.pressEnter(browser.find(
                    "section[data-app-id='aizu-vaccine-notebook'] button.withdraw-app", Duration.ofSeconds(5)));
            String confirmation = browser.find("#confirmation", Duration.ofSeconds(10));
            assertThat(browser.text(confirmation)).contains("会津ワクチン手帳").contains("取り消しました");
            assertThat(browser.findAll("section[data-app-id='aizu-vaccine-notebook']")).isEmpty();

            await("the withdrawal reaches the gateway").atMost(PROPAGATION_BOUND)
                    .pollInterval(Duration.ofMillis(10))
                    .until(() -> {
                        try {
                            gateway.readResidentCategory(sub, VACCINATIONS, "service-provision", null);
                            return false;
                        } catch (RestClientResponseException e) {
                            return e.getStatusCode().value() == 403;
                        }
                    });
            System.out.printf("[e2e] portal withdrawal (Enter pressed) → first refused read: %d ms (bound %d ms)%n",
                    (System.nanoTime() - withdrawStarted) / 1_000_000, PROPAGATION_BOUND.toMillis());
            assertProblem(() -> gateway.readResidentCategory(sub, VACCINATIONS, "service-provision", null),
                    403, "consent-revoked");

            // who used my data: the allowed read shows up, from audit-service with Hanako's own token
            browser.open(HubApis.CONSENT + "/access-log");
            await("the allowed read is in the access log").atMost(Duration.ofSeconds(10))
                    .pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
                        browser.open(HubApis.CONSENT + "/access-log");
                        assertThat(browser.source()).contains("会津ワクチン手帳").contains("提供しました");
                    });
            browser.open(HubApis.CONSENT + "/receipts");
            assertThat(browser.findAll("#receipts tbody tr")).hasSizeGreaterThanOrEqualTo(2);
        }
        assertThat(granted.getConsentId()).isNotBlank();
    }
}
