package org.tsunagu.gateway.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

import org.apache.kafka.clients.producer.ProducerConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.http.MediaType;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.tsunagu.gateway.web.ProblemExceptionHandler;
import org.tsunagu.gateway.web.ProblemResponses;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * An app may subscribe only on the webhook origin its operator approved: not the hub's own
 * services, not another site, not without an approved URL; and only up to its subscription limit.
 * Refusals are 403/409 problems and publish nothing; an accepted URL goes on to the publisher (here
 * a broker that is not there: 503).
 */
class SubscriptionOriginTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final SubscriptionDirectory directory = new SubscriptionDirectory();
    private KafkaTemplate<String, String> template;
    private int maxPerApp = 20;

    @AfterEach
    void close() {
        if (template != null) {
            template.destroy();
        }
        SecurityContextHolder.clearContext();
    }

    @ParameterizedTest(name = "approved {0}, asked {1} -> {2}")
    @CsvSource({
            "https://hooks.app.example/tsunagu, https://hooks.app.example/other/path, true",
            "https://hooks.app.example/tsunagu, https://HOOKS.app.example:443/tsunagu, true",
            "https://hooks.app.example/tsunagu, http://hooks.app.example/tsunagu, false",
            "https://hooks.app.example/tsunagu, https://hooks.app.example:8443/tsunagu, false",
            "https://hooks.app.example/tsunagu, https://evil.example/tsunagu, false",
            "https://hooks.app.example/tsunagu, https://hooks.app.example.evil.example/tsunagu, false",
            "https://hooks.app.example/tsunagu, http://localhost:9001/v1/consents, false",
            "https://hooks.app.example/tsunagu, http://127.0.0.1:9000/oauth2/token, false",
            "http://127.0.0.1:8765/hooks, http://localhost:41234/hooks, false",
            "http://127.0.0.1:8765/hooks, http://127.0.0.1:9001/anything, false",
            "http://127.0.0.1:8765/hooks, http://[::1]:8080/hooks, false",
            "http://127.0.0.1:8765/hooks, http://localhost:8765/other, true",
            "http://127.0.0.1:8765/hooks, http://[::1]:8765/hooks, true",
            "http://127.0.0.1:8765/hooks, http://hooks.app.example/hooks, false",
            "http://127.0.0.1:8765/hooks, https://localhost:8765/hooks, false",
            "http://localhost/hooks, http://127.10.0.1:1234/hooks, false",
            "http://localhost/hooks, http://127.10.0.1:80/x, true",
    })
    void originsAreComparedByTheApprovedUrl(String approved, String asked, boolean same) {
        assertThat(ApprovedOrigin.matches(URI.create(approved), URI.create(asked))).isEqualTo(same);
    }

    @Test
    void givenAnotherSite_whenSubscribing_then403WebhookUrlNotApproved_andNothingPublished() throws Exception {
        MockHttpServletResponse response = subscribe("https://hooks.app.example/tsunagu", "http://localhost:9001/v1/consents");

        assertThat(response.getStatus()).isEqualTo(403);
        assertThat(response.getContentType()).startsWith("application/problem+json");
        JsonNode problem = JSON.readTree(response.getContentAsString());
        assertThat(problem.path("type").asString()).isEqualTo("urn:tsunagu:problem:webhook-url-not-approved");
        assertThat(problem.path("detail").asString()).contains("https://hooks.app.example");
        assertThat(directory.size()).isZero();
    }

    @Test
    void givenALoopbackApproval_whenSubscribingAnotherLoopbackPort_then403_soTheHubsOwnServicesAreOutOfReach()
            throws Exception {
        MockHttpServletResponse response = subscribe("http://127.0.0.1:8765/hooks/tsunagu",
                "http://localhost:9001/v1/consents");

        assertThat(response.getStatus()).isEqualTo(403);
        assertThat(JSON.readTree(response.getContentAsString()).path("detail").asString())
                .contains("http://127.0.0.1:8765");
        assertThat(directory.size()).isZero();
    }

    @Test
    void givenNoApprovedWebhookUrl_whenSubscribing_then403_andNothingPublished() throws Exception {
        MockHttpServletResponse response = subscribe(null, "https://hooks.app.example/tsunagu");

        assertThat(response.getStatus()).isEqualTo(403);
        assertThat(JSON.readTree(response.getContentAsString()).path("type").asString())
                .isEqualTo("urn:tsunagu:problem:webhook-url-not-approved");
        assertThat(directory.size()).isZero();
    }

    @Test
    void givenTheApprovedOrigin_whenSubscribing_thenTheChangeGoesOnToThePublisher() throws Exception {
        MockHttpServletResponse response = subscribe("https://hooks.app.example/tsunagu",
                "https://hooks.app.example/tsunagu/vaccination");

        assertThat(response.getStatus()).as("past the origin check, the unreachable broker answers").isEqualTo(503);
        assertThat(JSON.readTree(response.getContentAsString()).path("type").asString())
                .isEqualTo("urn:tsunagu:problem:dependency-unavailable");
    }

    @Test
    void givenAnAppAtItsSubscriptionLimit_whenSubscribing_then409_andNothingPublished_whileAnotherAppMayStill() throws Exception {
        maxPerApp = 3;
        for (int i = 0; i < 3; i++) {
            Subscription s = new Subscription("sub-" + i, "app-one", "vaccination-due", "https://hooks.app.example/" + i,
                    "service-provision", "whsec_x", java.time.Instant.now());
            directory.read(s.id(), s, 0, i);
        }

        MockHttpServletResponse full = subscribe("https://hooks.app.example/tsunagu", "https://hooks.app.example/4");

        assertThat(full.getStatus()).isEqualTo(409);
        JsonNode problem = JSON.readTree(full.getContentAsString());
        assertThat(problem.path("type").asString()).isEqualTo("urn:tsunagu:problem:conflict");
        assertThat(problem.path("detail").asString()).contains("3 subscriptions");
        assertThat(directory.byApp("app-one")).hasSize(3);
        assertThat(subscribeAs("app-two", "https://hooks.app.example/tsunagu", "https://hooks.app.example/1").getStatus())
                .as("another app's count is its own: past the limit, on to the (absent) broker").isEqualTo(503);
    }

    private MockHttpServletResponse subscribe(String approved, String url) throws Exception {
        return subscribeAs("app-one", approved, url);
    }

    private MockHttpServletResponse subscribeAs(String appId, String approved, String url) throws Exception {
        Map<String, Object> props = new HashMap<>(WebhookConfig.subscriptionProducerSettings(Duration.ofMillis(300),
                Duration.ofMillis(300), Duration.ofMillis(600)));
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:1");
        if (template != null) {
            template.destroy();
        }
        template = WebhookConfig.subscriptionTemplate(props);
        var publisher = new SubscriptionPublisher(template, "tsunagu.webhook-subscriptions.v1", Duration.ofSeconds(1),
                directory, JSON, new SecretSeal("k1", Map.of("k1", SecretSealTest.key())));
        directory.markCaughtUp();
        var controller = new SubscriptionsController(publisher, directory,
                new FixedApps(Set.of("service-provision"), approved), Clock.systemUTC(), maxPerApp);
        var mvc = MockMvcBuilders.standaloneSetup(controller)
                .setControllerAdvice(new ProblemExceptionHandler(new ProblemResponses(JSON))).build();
        Jwt jwt = Jwt.withTokenValue("t").header("alg", "RS256").claim("client_id", appId).build();
        SecurityContextHolder.getContext().setAuthentication(new JwtAuthenticationToken(jwt));
        return mvc.perform(post("/v1/subscriptions").contentType(MediaType.APPLICATION_JSON)
                .content("{\"eventType\":\"vaccination-due\",\"url\":\"" + url + "\"}")).andReturn().getResponse();
    }
}
