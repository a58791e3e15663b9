package org.tsunagu.e2e;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.tsunagu.client.gateway.model.EventType;
import org.tsunagu.client.gateway.model.Purpose;
import org.tsunagu.client.gateway.model.Subscription;
import org.tsunagu.client.gateway.model.SubscriptionRequest;
import org.tsunagu.launcher.Hub;
import org.tsunagu.launcher.postgres.LocalPostgres;
import org.tsunagu.launcher.services.ServiceProcess;

/**
 * Only in the e2e run on the distributed profile (ADR 0050): two gateway instances, one
 * PostgreSQL database. An app that keeps failing gets its retries from whichever instance claims
 * them; when one instance is killed, the other carries on under the same webhook-id; once the app
 * answers, the delivery is settled once, and the app got no more requests than the attempts the
 * database counted (plus, at most, one whose answer the killed instance never stored).
 */
@ExtendWith(RunningHub.class)
class SharedWebhookRetriesE2eTest {

    private static final int SECOND_GATEWAY_PORT = 8081;
    private static final String SAKURA_PATIENT_NO = "HK-40777";
    private static final String PATH = "/hooks/shared-retries";

    private final WireMockServer app = new WireMockServer(
            options().bindAddress("127.0.0.1").port(DemoApp.VACCINE_NOTEBOOK_WEBHOOK_PORT));
    private Subscription subscription;
    private String appToken;

    @BeforeEach
    void appFails() {
        app.start();
        app.stubFor(post(urlEqualTo(PATH)).willReturn(aResponse().withStatus(503)));
        appToken = RegionalId.clientCredentials(DemoApp.VACCINE_NOTEBOOK);
    }

    @AfterEach
    void cleanUp() {
        if (subscription != null) {
            HubApis.subscriptions(HubApis.GATEWAY, appToken).deleteSubscription(subscription.getId());
        }
        app.stop();
    }

    @Test
    void givenTwoGatewaysOnOneDatabase_whenTheAppFailsAndOneGatewayDies_thenTheOtherRetriesUnderTheSameId_andSendsEachAttemptOnce()
            throws Exception {
        Hub hub = RunningHub.hub();
        assertThat(RunningHub.storage()).isEqualTo(Hub.Storage.POSTGRESQL);
        ServiceProcess first = hub.service(Hub.API_GATEWAY);
        ServiceProcess second = hub.startAnotherGateway(SECOND_GATEWAY_PORT);
        try {
            String sakuraSub = RegionalId.app(Resident.SAKURA, DemoApp.VACCINE_NOTEBOOK).subject();
            await("Sakura's seeded consent reaches the gateway").atMost(Duration.ofSeconds(10)).ignoreExceptions()
                    .until(() -> HubApis.gateway(appToken).readResidentCategory(sakuraSub, "vaccination-records",
                            "service-provision", null) != null);
            subscription = WebhookE2eTest.subscribe(appToken, new SubscriptionRequest()
                    .eventType(EventType.VACCINATION_DUE).url(app.baseUrl() + PATH)
                    .purpose(Purpose.SERVICE_PROVISION));
            var atSecond = HubApis.subscriptions("http://localhost:" + SECOND_GATEWAY_PORT, appToken);
            await("the subscription reaches the second instance").atMost(Duration.ofSeconds(20))
                    .until(() -> atSecond.listSubscriptions().stream()
                            .anyMatch(seen -> seen.getId().equals(subscription.getId())));

            hub.municipality().emitVaccinationDue(SAKURA_PATIENT_NO);
            await("two failed attempts").atMost(Duration.ofSeconds(30)).until(() -> requests().size() >= 2);
            String webhookId = requests().get(0).getHeader("webhook-id");

            first.kill();
            int beforeKill = requests().size();
            await("the surviving instance retries").atMost(Duration.ofSeconds(60))
                    .until(() -> requests().size() > beforeKill);

            // the app recovers (the newest stub wins; the request journal is kept)
            app.stubFor(post(urlEqualTo(PATH)).willReturn(aResponse().withStatus(204)));
            await("delivered").atMost(Duration.ofSeconds(60)).until(() -> "DELIVERED".equals(row()[0]));
            List<LoggedRequest> sent = requests();
            assertThat(sent).extracting(r -> r.getHeader("webhook-id")).as("one webhook-id throughout")
                    .containsOnly(webhookId);
            int attempts = Integer.parseInt(row()[1]);
            System.out.println("[e2e] two gateways, one database: " + beforeKill + " requests before the kill, "
                    + sent.size() + " in all, " + attempts + " attempts counted, one webhook-id");
            assertThat(attempts).as("attempts counted in the shared database").isGreaterThan(beforeKill);
            assertThat(sent.size()).as("requests the app got vs attempts counted (two instances sending each "
                    + "due row would double them)").isBetween(attempts, attempts + 1);
        } finally {
            second.stop();
            first.start(); // the rest of the run uses it
            first.awaitHealthy(Duration.ofMinutes(3));
        }
    }

    private List<LoggedRequest> requests() {
        return app.findAll(postRequestedFor(urlEqualTo(PATH)));
    }

    /** status and attempts of this subscription's one delivery, in the gateways' shared database. */
    private String[] row() throws SQLException {
        String url = "jdbc:postgresql://127.0.0.1:" + Hub.POSTGRES_PORT + "/" + Hub.databaseOf(Hub.API_GATEWAY);
        try (Connection c = DriverManager.getConnection(url, LocalPostgres.USER, "");
             PreparedStatement s = c.prepareStatement(
                     "select status, attempts from webhook_delivery where subscription_id = ?")) {
            s.setString(1, subscription.getId());
            try (ResultSet rs = s.executeQuery()) {
                if (!rs.next()) {
                    return new String[] {"", "0"};
                }
                String[] found = {rs.getString(1), rs.getString(2)};
                assertThat(rs.next()).as("one delivery row").isFalse();
                return found;
            }
        }
    }
}
