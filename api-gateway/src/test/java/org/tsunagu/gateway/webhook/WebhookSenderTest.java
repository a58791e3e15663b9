package org.tsunagu.gateway.webhook;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import com.github.tomakehurst.wiremock.WireMockServer;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;

/** The sender's circuit breaker per app host, against real HTTP servers standing in for apps. */
class WebhookSenderTest {

    private static final Duration OPEN_FOR = Duration.ofMillis(300);

    private final WireMockServer down = new WireMockServer(options().dynamicPort());
    private final WireMockServer up = new WireMockServer(options().dynamicPort());
    private CircuitBreakerRegistry breakers;
    private WebhookSender sender;

    @BeforeEach
    void start() {
        down.start();
        up.start();
        down.stubFor(post(urlEqualTo("/hook")).willReturn(aResponse().withStatus(503)));
        up.stubFor(post(urlEqualTo("/hook")).willReturn(aResponse().withStatus(204)));
        up.stubFor(post(urlEqualTo("/gone")).willReturn(aResponse().withStatus(410)));
        breakers = WebhookSender.breakers(4, OPEN_FOR, Duration.ofSeconds(2));
        sender = new WebhookSender(Duration.ofSeconds(2), 4, breakers);
    }

    @AfterEach
    void stop() {
        sender.close();
        down.stop();
        up.stop();
    }

    private String send(WireMockServer app, String path) throws Exception {
        return sender.post(app.baseUrl() + path, "msg_1", 1_700_000_000L, "v1,x", "{}").get(5, TimeUnit.SECONDS);
    }

    private static int received(WireMockServer app, String path) {
        return app.findAll(postRequestedFor(urlEqualTo(path))).size();
    }

    @Test
    void givenAnAppHostFailing_whenMostRecentRequestsFailed_thenNoMoreRequestsGoThere_butOtherHostsAreServed()
            throws Exception {
        // window 4: it judges once half a window (2 calls) is in
        assertThat(send(down, "/hook")).isEqualTo("HTTP 503");
        assertThat(send(down, "/hook")).isEqualTo("HTTP 503");

        assertThat(send(down, "/hook")).isEqualTo(WebhookSender.CIRCUIT_OPEN);
        assertThat(send(down, "/hook")).isEqualTo(WebhookSender.CIRCUIT_OPEN);
        assertThat(received(down, "/hook")).as("the open breaker made no request").isEqualTo(2);
        assertThat(send(up, "/hook")).isNull();
        assertThat(received(up, "/hook")).isEqualTo(1);
    }

    @Test
    void givenAnOpenBreaker_whenTheAppIsBackAfterTheWait_thenTrialRequestsCloseIt() throws Exception {
        for (int i = 0; i < 4; i++) {
            send(down, "/hook");
        }
        CircuitBreaker breaker = breakers.circuitBreaker(WebhookSender.host(down.baseUrl() + "/hook"));
        assertThat(breaker.getState()).isEqualTo(CircuitBreaker.State.OPEN);
        down.stubFor(post(urlEqualTo("/hook")).willReturn(aResponse().withStatus(200)));

        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(50))
                .until(() -> send(down, "/hook") == null); // the first trial, once the wait is over
        send(down, "/hook");
        send(down, "/hook");

        assertThat(breaker.getState()).isEqualTo(CircuitBreaker.State.CLOSED);
    }

    @Test
    void givenAnAppAnswering4xx_whenSentMany_thenItIsAnAnswer_andTheBreakerStaysClosed() throws Exception {
        for (int i = 0; i < 8; i++) {
            assertThat(send(up, "/gone")).isEqualTo("HTTP 410");
        }

        assertThat(received(up, "/gone")).isEqualTo(8);
        assertThat(breakers.circuitBreaker(WebhookSender.host(up.baseUrl() + "/gone")).getState())
                .isEqualTo(CircuitBreaker.State.CLOSED);
    }

    @Test
    void givenUrlsOnOneHost_thenOneBreaker() {
        assertThat(WebhookSender.host("https://app.example:8443/a?x=1"))
                .isEqualTo(WebhookSender.host("https://app.example:8443/b"))
                .isNotEqualTo(WebhookSender.host("https://app.example/a"));
    }
}
