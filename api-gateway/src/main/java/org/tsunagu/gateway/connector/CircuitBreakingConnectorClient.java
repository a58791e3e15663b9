package org.tsunagu.gateway.connector;

import java.util.function.Supplier;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;

import org.tsunagu.client.connector.model.ConnectorAnswer;
import org.tsunagu.client.connector.model.DataCategory;
import org.tsunagu.gateway.web.ApiProblemException;
import org.tsunagu.gateway.web.ProblemType;

/**
 * One Resilience4j circuit breaker per municipal system (each category is served by one), in
 * front of a {@link ConnectorClient}. Only {@code upstream-unavailable} counts as a failure (a
 * 404 is an answer). While a breaker is open, reads of that category fail at once with 503
 * {@code upstream-unavailable}: no thread waits on a system known to be down.
 */
public class CircuitBreakingConnectorClient implements ConnectorClient {

    private final ConnectorClient delegate;
    private final CircuitBreakerRegistry breakers;

    public CircuitBreakingConnectorClient(ConnectorClient delegate, CircuitBreakerRegistry breakers) {
        this.delegate = delegate;
        this.breakers = breakers;
    }

    @Override
    public ConnectorAnswer query(String residentId, DataCategory category, String correlationId) {
        CircuitBreaker breaker = breakerFor(category);
        Supplier<ConnectorAnswer> call = () -> delegate.query(residentId, category, correlationId);
        try {
            return breaker.executeSupplier(call);
        } catch (CallNotPermittedException open) {
            throw new ApiProblemException(ProblemType.UPSTREAM_UNAVAILABLE,
                    "The municipal system for " + category.getValue() + " is down; try again later.");
        }
    }

    /** The breaker guarding the municipal system that serves this category. */
    public CircuitBreaker breakerFor(DataCategory category) {
        return breakers.circuitBreaker("connector-" + category.getValue());
    }
}
