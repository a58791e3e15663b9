package org.tsunagu.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.OffsetDateTime;

import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.web.client.RestClientResponseException;
import org.tsunagu.client.consent.model.ConsentGrantRequest;
import org.tsunagu.client.consent.model.ConsentItem;
import org.tsunagu.client.consent.model.DataCategory;
import org.tsunagu.client.consent.model.Purpose;
import org.tsunagu.launcher.Hub;
import org.tsunagu.launcher.services.ServiceProcess;

/**
 * Services are killed like a power cut would kill them; what they had committed is still
 * there when they come back, and the gateway rebuilds its consent view by replay.
 */
@Order(Integer.MAX_VALUE - 1)
@ExtendWith(RunningHub.class)
class CrashRecoveryE2eTest {

    @Test
    void givenAGrant_whenTheLedgerAndTheGatewayAreKilled_thenAfterRestartTheGrantStillHolds() {
        String sub = RegionalId.app(Resident.TARO, DemoApp.TOURISM).subject();
        String portalToken = RegionalId.portal(Resident.TARO).accessToken();
        ConsentItem granted = HubApis.consent(portalToken).grantConsent(new ConsentGrantRequest()
                .appId(DemoApp.TOURISM.clientId()).category(DataCategory.RESIDENT_BASIC)
                .purpose(Purpose.PERSONALISATION).validUntil(OffsetDateTime.now().plusDays(7)));

        ServiceProcess ledger = RunningHub.hub().service(Hub.CONSENT_SERVICE);
        ServiceProcess gateway = RunningHub.hub().service(Hub.API_GATEWAY);
        ledger.kill();
        gateway.kill();
        ledger.start();
        gateway.start();
        long t0 = System.nanoTime();
        ledger.awaitHealthy(Duration.ofMinutes(2));
        gateway.awaitHealthy(Duration.ofMinutes(2));
        System.out.printf("[e2e] consent-service and api-gateway back after kill -9 in %d ms%n",
                (System.nanoTime() - t0) / 1_000_000);

        assertThat(HubApis.consent(portalToken).getMyConsent(granted.getConsentId()).getStatus().getValue())
                .isEqualTo("ACTIVE");
        var tourism = HubApis.gateway(RegionalId.clientCredentials(DemoApp.TOURISM));
        await("the rebuilt view allows the read").atMost(Duration.ofSeconds(20))
                .ignoreException(RestClientResponseException.class)
                .until(() -> tourism.readResidentCategory(sub, "resident-basic", null, null)
                        .getConsentId().equals(granted.getConsentId()));
    }
}
