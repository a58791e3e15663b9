package org.tsunagu.gateway.connector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.resilience4j.bulkhead.BulkheadConfig;
import io.github.resilience4j.bulkhead.BulkheadRegistry;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;

import org.junit.jupiter.api.Test;
import org.tsunagu.client.connector.model.ConnectorAnswer;
import org.tsunagu.client.connector.model.DataCategory;
import org.tsunagu.gateway.web.ApiProblemException;
import org.tsunagu.gateway.web.ProblemType;

class GuardedConnectorClientTest {

    private final AtomicInteger calls = new AtomicInteger();
    private final CircuitBreakerRegistry registry = CircuitBreakerRegistry.of(CircuitBreakerConfig.custom()
            .slidingWindowSize(4).minimumNumberOfCalls(4).failureRateThreshold(50)
            .waitDurationInOpenState(Duration.ofMinutes(1))
            .recordException(e -> e instanceof ApiProblemException p && p.type() == ProblemType.UPSTREAM_UNAVAILABLE)
            .build());
    private final BulkheadRegistry bulkheads = BulkheadRegistry.of(BulkheadConfig.custom()
            .maxConcurrentCalls(2).maxWaitDuration(Duration.ZERO).build());

    private GuardedConnectorClient clientFailingWith(ProblemType type) {
        return new GuardedConnectorClient((residentId, category, correlationId) -> {
            calls.incrementAndGet();
            throw new ApiProblemException(type, "down");
        }, registry, bulkheads);
    }

    @Test
    void givenAMunicipalSystemThatKeepsFailing_whenTheBreakerOpens_thenReadsFailFastWithoutCallingIt() {
        GuardedConnectorClient client = clientFailingWith(ProblemType.UPSTREAM_UNAVAILABLE);
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
        GuardedConnectorClient client = clientFailingWith(ProblemType.NOT_FOUND);
        for (int i = 0; i < 6; i++) {
            assertThatThrownBy(() -> client.query("r", DataCategory.RESIDENT_BASIC, "c"));
        }

        assertThat(calls).hasValue(6);
        assertThat(client.breakerFor(DataCategory.RESIDENT_BASIC).getState()).isEqualTo(CircuitBreaker.State.CLOSED);
    }

    @Test
    void givenAHealthySystem_whenQueried_thenTheAnswerPassesThrough() {
        ConnectorAnswer answer = new ConnectorAnswer();
        var client = new GuardedConnectorClient((r, c, id) -> answer, registry, bulkheads);

        assertThat(client.query("r", DataCategory.RESIDENT_BASIC, "c")).isSameAs(answer);
    }

    @Test
    void givenASlowMunicipalSystem_whenItsBulkheadIsFull_thenTheNextReadFailsAtOnceAndOtherSystemsStillAnswer()
            throws Exception {
        ConnectorAnswer answer = new ConnectorAnswer();
        CountDownLatch release = new CountDownLatch(1);
        var client = new GuardedConnectorClient((r, category, id) -> {
            if (category == DataCategory.VACCINATION_RECORDS) {
                calls.incrementAndGet();
                try {
                    release.await(10, TimeUnit.SECONDS); // a hanging municipal system
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return answer;
        }, registry, bulkheads);
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try {
            var first = CompletableFuture.supplyAsync(() -> client.query("r1", DataCategory.VACCINATION_RECORDS, "c1"), threads);
            var second = CompletableFuture.supplyAsync(() -> client.query("r2", DataCategory.VACCINATION_RECORDS, "c2"), threads);
            await().atMost(Duration.ofSeconds(5)).until(() -> calls.get() == 2);

            long started = System.nanoTime();
            assertThatThrownBy(() -> client.query("r3", DataCategory.VACCINATION_RECORDS, "c3"))
                    .isInstanceOfSatisfying(ApiProblemException.class,
                            e -> assertThat(e.type()).isEqualTo(ProblemType.UPSTREAM_UNAVAILABLE));
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
            assertThat(calls).hasValue(2);
            assertThat(client.query("r4", DataCategory.RESIDENT_BASIC, "c4")).isSameAs(answer);

            release.countDown();
            assertThat(first.get(5, TimeUnit.SECONDS)).isSameAs(answer);
            assertThat(second.get(5, TimeUnit.SECONDS)).isSameAs(answer);
            assertThat(client.breakerFor(DataCategory.VACCINATION_RECORDS).getState()).isEqualTo(CircuitBreaker.State.CLOSED);
            assertThat(client.query("r5", DataCategory.VACCINATION_RECORDS, "c5")).isSameAs(answer);
        } finally {
            release.countDown();
            threads.shutdownNow();
        }
    }
}
