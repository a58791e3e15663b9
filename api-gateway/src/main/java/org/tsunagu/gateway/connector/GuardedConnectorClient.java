package org.tsunagu.gateway.connector;

import java.util.function.Supplier;

import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadFullException;
import io.github.resilience4j.bulkhead.BulkheadRegistry;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;

import org.tsunagu.client.connector.model.ConnectorAnswer;
import org.tsunagu.client.connector.model.DataCategory;
import org.tsunagu.gateway.web.ApiProblemException;
import org.tsunagu.gateway.web.ProblemType;

/**
 * Guards each municipal system (each category is served by one) with a Resilience4j
 * bulkhead and circuit breaker, in front of a {@link ConnectorClient}.
 * <ul>
 * <li>Bulkhead (outermost): at most {@code max-concurrent} calls wait on one system at a time;
 * one more fails at once with 503 {@code upstream-unavailable}, so a slow system cannot take
 * every request thread and starve the reads of the others. A full bulkhead is not a failure of
 * the system and does not count toward its breaker.</li>
 * <li>Circuit breaker: only {@code upstream-unavailable} counts as a failure (a 404 is an
 * answer); while open, reads of that category fail at once with 503: no thread waits on a system
 * known to be down.</li>
 * </ul>
 */
public class GuardedConnectorClient implements ConnectorClient {

    private final ConnectorClient delegate;
    private final CircuitBreakerRegistry breakers;
    private final BulkheadRegistry bulkheads;

    public GuardedConnectorClient(ConnectorClient delegate, CircuitBreakerRegistry breakers,
            BulkheadRegistry bulkheads) {
        this.delegate = delegate;
        this.breakers = breakers;
        this.bulkheads = bulkheads;
    }

    @Override
    public ConnectorAnswer query(String residentId, DataCategory category, String correlationId) {
        Supplier<ConnectorAnswer> call = () -> delegate.query(residentId, category, correlationId);
        try {
            return bulkheadFor(category).executeSupplier(() -> breakerFor(category).executeSupplier(call));
        } catch (CallNotPermittedException open) {
            throw new ApiProblemException(ProblemType.UPSTREAM_UNAVAILABLE,
                    "The municipal system for " + category.getValue() + " is down; try again later.");
        } catch (BulkheadFullException full) {
            throw new ApiProblemException(ProblemType.UPSTREAM_UNAVAILABLE,
                    "The municipal system for " + category.getValue() + " is answering slowly; try again later.");
        }
    }

    /** The breaker guarding the municipal system that serves this category. */
    public CircuitBreaker breakerFor(DataCategory category) {
        return breakers.circuitBreaker("connector-" + category.getValue());
    }

    /** The bulkhead bounding concurrent calls to the municipal system that serves this category. */
    public Bulkhead bulkheadFor(DataCategory category) {
        return bulkheads.bulkhead("connector-" + category.getValue());
    }
}
