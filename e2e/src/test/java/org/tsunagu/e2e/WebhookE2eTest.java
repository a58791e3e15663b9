package org.tsunagu.e2e;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.tsunagu.client.audit.model.AccessLogEntry;
import org.tsunagu.client.gateway.SubscriptionsApi;
import org.tsunagu.client.gateway.model.EventType;
import org.tsunagu.client.gateway.model.Purpose;
import org.tsunagu.client.gateway.model.Subscription;
import org.tsunagu.client.gateway.model.SubscriptionRequest;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Events to apps on the real hub: the simulated health system tells the connectors that a
 * vaccination is due; the vaccine app, subscribed, gets a Standard-Webhooks-signed delivery with
 * its pairwise sub for Sakura (seeded consent) and nothing municipal; for Taro, who never opted in,
 * nothing is sent and the attempt is in his access log as denied.
 */
@ExtendWith(RunningHub.class)
class WebhookE2eTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String SAKURA_PATIENT_NO = "HK-40777";
    private static final String TARO_PATIENT_NO = "HK-31002";

    private final WireMockServer app = new WireMockServer(
            options().bindAddress("127.0.0.1").port(DemoApp.VACCINE_NOTEBOOK_WEBHOOK_PORT));
    private SubscriptionsApi subscriptions;
    private Subscription subscription;

    @BeforeEach
    void appListens() {
        app.start();
        app.stubFor(post(urlEqualTo("/hooks/tsunagu")).willReturn(aResponse().withStatus(204)));
        subscriptions = HubApis.subscriptions(HubApis.GATEWAY, RegionalId.clientCredentials(DemoApp.VACCINE_NOTEBOOK));
    }

    @AfterEach
    void appStops() {
        if (subscription != null) {
            subscriptions.deleteSubscription(subscription.getId());
        }
        app.stop();
    }

    @Test
    void givenASubscribedApp_whenTheHealthSystemReportsVaccinationsDue_thenOnlyTheConsentedResidentIsDeliveredSigned() {
        // The vaccine app knows Sakura by its pairwise sub (she signed in to it once) and reads once,
        // as apps do; Taro never used the app.
        String sakuraSub = RegionalId.app(Resident.SAKURA, DemoApp.VACCINE_NOTEBOOK).subject();
        String appToken = RegionalId.clientCredentials(DemoApp.VACCINE_NOTEBOOK);
        await("Sakura's seeded consent reaches the gateway").atMost(Duration.ofSeconds(10))
                .ignoreExceptions()
                .until(() -> HubApis.gateway(appToken).readResidentCategory(sakuraSub, "vaccination-records",
                        "service-provision", null) != null);

        // The app subscribes to vaccination-due for service provision.
        // (plain HTTP with a Content-Length: the generated SDK streams bodies chunked, which the
        // gateway's body-size limit refuses with 413)
        subscription = subscribe(appToken, new SubscriptionRequest()
                .eventType(EventType.VACCINATION_DUE)
                .url(app.baseUrl() + "/hooks/tsunagu")
                .purpose(Purpose.SERVICE_PROVISION));
        assertThat(subscription.getSecret()).startsWith("whsec_");

        // The health system notices two vaccinations due, in its own keys.
        String sakuraEvent = RunningHub.hub().municipality().emitVaccinationDue(SAKURA_PATIENT_NO);
        String taroEvent = RunningHub.hub().municipality().emitVaccinationDue(TARO_PATIENT_NO);

        // Sakura's reaches the app: signed, under the app's sub, nothing municipal.
        LoggedRequest delivery = await("the signed delivery for Sakura").atMost(Duration.ofSeconds(20))
                .until(() -> deliveriesOf(sakuraEvent), found -> !found.isEmpty()).get(0);
        String body = delivery.getBodyAsString();
        String id = delivery.getHeader("webhook-id");
        String timestamp = delivery.getHeader("webhook-timestamp");
        assertThat(delivery.getHeader("webhook-signature"))
                .isEqualTo(sign(subscription.getSecret(), id + "." + timestamp + "." + body));
        JsonNode payload = JSON.readTree(body);
        assertThat(payload.path("type").asString()).isEqualTo("vaccination-due");
        assertThat(payload.path("data").path("subject").asString()).isEqualTo(sakuraSub);
        assertThat(payload.path("data").path("category").asString()).isEqualTo("vaccination-records");
        assertThat(payload.path("data").path("details").path("vaccineCode").asString()).isEqualTo("FLU");
        assertThat(body).doesNotContain(SAKURA_PATIENT_NO, "西会津 さくら", Resident.SAKURA.residentId(),
                "patientName", "patientNo", "municipalKey");

        // Taro's is not sent; the attempt is in his access log as denied.
        String taroPortal = RegionalId.portal(Resident.TARO).accessToken();
        await("Taro's denied delivery attempt in his access log").atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            List<AccessLogEntry> entries = HubApis.audit(taroPortal).readMyAccessLog(500).getItems();
            assertThat(entries).anySatisfy(e -> {
                assertThat(e.getChannel()).isEqualTo("WEBHOOK_DELIVERY");
                assertThat(e.getAppId()).isEqualTo(DemoApp.VACCINE_NOTEBOOK.clientId());
                assertThat(e.getDecision().getValue()).isEqualTo("DENIED");
                assertThat(e.getReason()).isEqualTo("consent-required");
            });
        });
        assertThat(deliveriesOf(taroEvent)).isEmpty();
        assertThat(app.findAll(postRequestedFor(
                urlEqualTo("/hooks/tsunagu")))).allSatisfy(r -> assertThat(r.getBodyAsString())
                .doesNotContain(TARO_PATIENT_NO, "磐梯 太郎", Resident.TARO.residentId()));
    }

    @Test
    void givenAUrlOffTheApprovedOrigin_orAnAppWithoutOne_whenSubscribing_then403AndNoSubscription() throws Exception {
        String vaccineApp = RegionalId.clientCredentials(DemoApp.VACCINE_NOTEBOOK);
        // another site is not the app's approved webhook origin (the demo app's is on 127.0.0.1)
        HttpResponse<String> refused = postSubscription(vaccineApp, new SubscriptionRequest().eventType(EventType.VACCINATION_DUE)
                .url("https://hooks.example.net/tsunagu").purpose(Purpose.SERVICE_PROVISION));
        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(403);
        assertThat(JSON.readTree(refused.body()).path("type").asString())
                .isEqualTo("urn:tsunagu:problem:webhook-url-not-approved");
        // nor is another port on the same loopback address: there the hub's own services listen
        HttpResponse<String> internal = postSubscription(vaccineApp, new SubscriptionRequest()
                .eventType(EventType.VACCINATION_DUE).url("http://127.0.0.1:9001/v1/consents"));
        assertThat(internal.statusCode()).as(internal.body()).isEqualTo(403);
        assertThat(JSON.readTree(internal.body()).path("detail").asString()).contains("http://127.0.0.1:8765");
        // the tourism app has no approved webhook URL at all
        HttpResponse<String> none = postSubscription(RegionalId.clientCredentials(DemoApp.TOURISM), new SubscriptionRequest()
                .eventType(EventType.VACCINATION_DUE).url(app.baseUrl() + "/hooks/tsunagu"));
        assertThat(none.statusCode()).as(none.body()).isEqualTo(403);
        assertThat(JSON.readTree(none.body()).path("type").asString()).isEqualTo("urn:tsunagu:problem:webhook-url-not-approved");
        assertThat(subscriptions.listSubscriptions())
                .noneMatch(s -> s.getUrl().contains("example.net") || s.getUrl().contains(":9001"));
    }

    static Subscription subscribe(String appToken, SubscriptionRequest request) {
        HttpResponse<String> response = postSubscription(appToken, request);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        return JSON.readValue(response.body(), Subscription.class);
    }

    private static HttpResponse<String> postSubscription(String appToken, SubscriptionRequest request) {
        try {
            return HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create(HubApis.GATEWAY + "/v1/subscriptions"))
                            .header("Authorization", "Bearer " + appToken)
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(request)))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    private List<LoggedRequest> deliveriesOf(String eventId) {
        return app.findAll(postRequestedFor(
                        urlEqualTo("/hooks/tsunagu"))).stream()
                .filter(r -> r.getBodyAsString().contains(eventId))
                .toList();
    }

    private static String sign(String secret, String content) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(Base64.getDecoder().decode(secret.substring("whsec_".length())), "HmacSHA256"));
            return "v1," + Base64.getEncoder().encodeToString(mac.doFinal(content.getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
