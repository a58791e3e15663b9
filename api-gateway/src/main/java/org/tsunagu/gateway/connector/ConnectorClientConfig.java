package org.tsunagu.gateway.connector;

import java.time.Duration;

import io.github.resilience4j.bulkhead.BulkheadConfig;
import io.github.resilience4j.bulkhead.BulkheadRegistry;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.converter.json.JacksonJsonHttpMessageConverter;
import org.springframework.security.oauth2.client.web.client.OAuth2ClientHttpRequestInterceptor;
import org.springframework.web.client.RestClient;
import org.tsunagu.client.connector.QueryApi;
import org.tsunagu.client.connector.invoker.ApiClient;
import org.tsunagu.gateway.http.PooledHttp;
import org.tsunagu.gateway.web.ApiProblemException;
import org.tsunagu.gateway.web.ProblemType;

import tools.jackson.databind.json.JsonMapper;

/** The connectors' client: short timeouts, a bulkhead and a circuit breaker per municipal system, the gateway's token. */
@Configuration
public class ConnectorClientConfig {

    @Bean
    ConnectorClient connectorClient(@Value("${tsunagu.connectors.url}") String url,
            @Value("${tsunagu.connectors.timeout:2s}") Duration timeout,
            OAuth2ClientHttpRequestInterceptor hubTokenInterceptor, CircuitBreakerRegistry breakers,
            BulkheadRegistry bulkheads) {
        // one keep-alive connection per read a bulkhead lets through, for each of the two municipal systems
        int maxConcurrent = bulkheads.getDefaultConfig().getMaxConcurrentCalls();
        // Unknown properties are dropped when reading: nothing the connector adds can pass through.
        JsonMapper mapper = ApiClient.createDefaultMapper(null);
        RestClient restClient = RestClient.builder()
                .requestFactory(PooledHttp.requestFactory(timeout, 2 * maxConcurrent))
                .requestInterceptor(hubTokenInterceptor)
                .configureMessageConverters(converters -> converters.registerDefaults()
                        .withJsonConverter(new JacksonJsonHttpMessageConverter(mapper)))
                .build();
        ApiClient apiClient = new ApiClient(restClient, mapper, ApiClient.createDefaultDateFormat());
        apiClient.setBasePath(url);
        return new GuardedConnectorClient(new RestConnectorClient(new QueryApi(apiClient)), breakers, bulkheads);
    }

    /**
     * Opens after half of the last {@code window} calls (at least {@code window}) failed, stays open
     * for {@code open-for}, then lets a few trial calls through.
     */
    @Bean
    CircuitBreakerRegistry connectorCircuitBreakers(
            @Value("${tsunagu.connectors.circuit-breaker.window:20}") int window,
            @Value("${tsunagu.connectors.circuit-breaker.failure-rate:50}") float failureRate,
            @Value("${tsunagu.connectors.circuit-breaker.open-for:10s}") Duration openFor) {
        CircuitBreakerConfig config = CircuitBreakerConfig.custom()
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .slidingWindowSize(window)
                .minimumNumberOfCalls(window)
                .failureRateThreshold(failureRate)
                .waitDurationInOpenState(openFor)
                .permittedNumberOfCallsInHalfOpenState(3)
                .automaticTransitionFromOpenToHalfOpenEnabled(false)
                .recordException(e -> e instanceof ApiProblemException p && p.type() == ProblemType.UPSTREAM_UNAVAILABLE)
                .build();
        return CircuitBreakerRegistry.of(config);
    }

    /**
     * At most {@code max-concurrent} reads wait on one municipal system at once (Tomcat has 200
     * request threads); the next fails at once with 503 instead of queueing behind a slow system.
     */
    @Bean
    BulkheadRegistry connectorBulkheads(
            @Value("${tsunagu.connectors.bulkhead.max-concurrent:50}") int maxConcurrent) {
        return BulkheadRegistry.of(BulkheadConfig.custom()
                .maxConcurrentCalls(maxConcurrent)
                .maxWaitDuration(Duration.ZERO)
                .build());
    }
}
