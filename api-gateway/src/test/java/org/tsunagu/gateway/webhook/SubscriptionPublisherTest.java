package org.tsunagu.gateway.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

import org.apache.kafka.clients.producer.ProducerConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.tsunagu.gateway.web.ApiProblemException;
import org.tsunagu.gateway.web.ProblemExceptionHandler;
import org.tsunagu.gateway.web.ProblemResponses;
import org.tsunagu.gateway.web.ProblemType;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The real Kafka publisher against a broker that is not there: a subscription change fails
 * within its bound, nothing is created or deleted, and the API answers 503 problem+json.
 */
class SubscriptionPublisherTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final SubscriptionDirectory directory = new SubscriptionDirectory();
    private KafkaTemplate<String, String> template;
    private SubscriptionPublisher publisher;

    @BeforeEach
    void publisherToAnUnreachableBroker() {
        Map<String, Object> props = new HashMap<>(WebhookConfig.subscriptionProducerSettings(Duration.ofMillis(500),
                Duration.ofMillis(500), Duration.ofMillis(1000)));
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:1");
        template = WebhookConfig.subscriptionTemplate(props);
        publisher = new SubscriptionPublisher(template, "tsunagu.webhook-subscriptions.v1", Duration.ofSeconds(2),
                directory, JSON, new SecretSeal("k1", Map.of("k1", SecretSealTest.key())));
        directory.markCaughtUp();
    }

    @AfterEach
    void close() {
        template.destroy();
        SecurityContextHolder.clearContext();
    }

    @Test
    void givenUnreachableBroker_whenCreating_thenDependencyUnavailableWithinTheBound_andNothingCreated() {
        Subscription s = new Subscription("sub-1", "app-one", "vaccination-due", "https://app.example/hook",
                "service-provision", "whsec_x", Instant.now());

        long started = System.nanoTime();
        assertThatThrownBy(() -> publisher.create(s)).isInstanceOfSatisfying(ApiProblemException.class,
                e -> assertThat(e.type()).isEqualTo(ProblemType.DEPENDENCY_UNAVAILABLE));

        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
        assertThat(directory.size()).isZero();
        assertThat(directory.byApp("app-one")).isEmpty();
    }

    @Test
    void givenUnreachableBroker_whenDeleting_thenDependencyUnavailable_andTheSubscriptionStays() {
        Subscription s = new Subscription("sub-2", "app-one", "vaccination-due", "https://app.example/hook",
                "service-provision", "whsec_x", Instant.now());
        directory.read(s.id(), s, 0, 0);

        assertThatThrownBy(() -> publisher.delete("app-one", s.id())).isInstanceOfSatisfying(ApiProblemException.class,
                e -> assertThat(e.type()).isEqualTo(ProblemType.DEPENDENCY_UNAVAILABLE));

        assertThat(directory.byId(s.id())).contains(s);
    }

    @Test
    void givenUnreachableBroker_whenAnAppSubscribesOverHttp_then503ProblemJson_andItsListStaysEmpty() throws Exception {
        var controller = new SubscriptionsController(publisher, directory,
                new FixedApps(Set.of("service-provision"), "https://app.example/hooks"), Clock.systemUTC(), 20);
        MockMvc mvc = MockMvcBuilders.standaloneSetup(controller)
                .setControllerAdvice(new ProblemExceptionHandler(new ProblemResponses(JSON))).build();
        Jwt jwt = Jwt.withTokenValue("t").header("alg", "RS256").claim("client_id", "app-one").build();
        SecurityContextHolder.getContext().setAuthentication(new JwtAuthenticationToken(jwt));

        MvcResult created = mvc.perform(post("/v1/subscriptions").contentType(MediaType.APPLICATION_JSON)
                .content("{\"eventType\":\"vaccination-due\",\"url\":\"https://app.example/hook\"}")).andReturn();

        assertThat(created.getResponse().getStatus()).isEqualTo(503);
        assertThat(created.getResponse().getContentType()).startsWith("application/problem+json");
        JsonNode problem = JSON.readTree(created.getResponse().getContentAsString());
        assertThat(problem.path("type").asString()).isEqualTo("urn:tsunagu:problem:dependency-unavailable");
        assertThat(problem.path("status").asInt()).isEqualTo(503);
        assertThat(created.getResponse().getContentAsString()).doesNotContain("whsec_");
        MvcResult listed = mvc.perform(get("/v1/subscriptions")).andReturn();
        assertThat(listed.getResponse().getStatus()).isEqualTo(200);
        assertThat(JSON.readTree(listed.getResponse().getContentAsString()).size()).isZero();
        assertThat(mvc.perform(delete("/v1/subscriptions/sub-unknown")).andReturn().getResponse().getStatus())
                .as("a delete of nothing is still a 404, without asking Kafka").isEqualTo(404);
    }
}
