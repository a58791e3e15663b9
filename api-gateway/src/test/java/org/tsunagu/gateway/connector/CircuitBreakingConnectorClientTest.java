package org.tsunagu.gateway.connector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;

import org.junit.jupiter.api.Test;
import org.tsunagu.client.connector.model.ConnectorAnswer;
import org.tsunagu.client.connector.model.DataCategory;
import org.tsunagu.gateway.web.ApiProblemException;
import org.tsunagu.gateway.web.ProblemType;

class CircuitBreakingConnectorClientTest {

    private final AtomicInteger calls = new AtomicInteger();
    private final CircuitBreakerRegistry registry = CircuitBreakerRegistry.of(CircuitBreakerConfig.custom()
            .slidingWindowSize(4).minimumNumberOfCalls(4).failureRateThreshold(50)
            .waitDurationInOpenState(Duration.ofMinutes(1))
            .recordException(e -> e instanceof ApiProblemException p && p.type() == ProblemType.UPSTREAM_UNAVAILABLE)
            .build());

    private CircuitBreakingConnectorClient clientFailingWith(ProblemType type) {
        return new CircuitBreakingConnectorClient((residentId, category, correlationId) -> {
            calls.incrementAndGet();
            throw new ApiProblemException(type, "down");
        }, registry);
    }

    @Test
    void givenAMunicipalSystemThatKeepsFailing_whenTheBreakerOpens_thenReadsFailFastWithoutCallingIt() {
        CircuitBreakingConnectorClient client = clientFailingWith(ProblemType.UPSTREAM_UNAVAILABLE);
        for (int i = 0; i < 4; i++) {
            assertThatThrownBy(() -> client.query("r", DataCategory.VACCINATION_RECORDS, "c"));
        }

        assertThatThrownBy(() -> client.query("r", DataCategory.VACCINATION_RECORDS, "c"))
                .isInstanceOfSatisfying(ApiProblemException.class,
                        e -> assertThat(e.type()).isEqualTo(ProblemType.UPSTREAM_UNAVAILABLE));
        assertThat(calls).hasValue(4);
        assertThat(client.breakerFor(DataCategory.VACCINATION_RECORDS).getState()).isEqualTo(CircuitBreaker.State.OPEN);
        assertThat(client.breakerFor(DataCategory.RESIDENT_BASIC).getState()).isEqualTo(CircuitBreaker.State.CLOSED);
    }

    @Test
    void givenNotFoundAnswers_whenCounted_thenTheBreakerStaysClosed() {
        CircuitBreakingConnectorClient client = clientFailingWith(ProblemType.NOT_FOUND);
        for (int i = 0; i < 6; i++) {
            assertThatThrownBy(() -> client.query("r", DataCategory.RESIDENT_BASIC, "c"));
        }

        assertThat(calls).hasValue(6);
        assertThat(client.breakerFor(DataCategory.RESIDENT_BASIC).getState()).isEqualTo(CircuitBreaker.State.CLOSED);
    }

    @Test
    void givenAHealthySystem_whenQueried_thenTheAnswerPassesThrough() {
        ConnectorAnswer answer = new ConnectorAnswer();
        var client = new CircuitBreakingConnectorClient((r, c, id) -> answer, registry);

        assertThat(client.query("r", DataCategory.RESIDENT_BASIC, "c")).isSameAs(answer);
    }
}
