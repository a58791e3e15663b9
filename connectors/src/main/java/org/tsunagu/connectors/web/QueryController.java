package org.tsunagu.connectors.web;

import jakarta.servlet.http.HttpServletRequest;

import org.jspecify.annotations.Nullable;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RestController;
import org.tsunagu.api.connector.QueryApi;
import org.tsunagu.api.connector.model.ConnectorAnswer;
import org.tsunagu.api.connector.model.DataCategory;
import org.tsunagu.connectors.spi.ConnectorRegistry;

/** HTTP adapter of {@link QueryApi}: hands the query to the connector serving the category. */
@RestController
class QueryController implements QueryApi {

    private final ConnectorRegistry connectors;
    private final HttpServletRequest request;

    QueryController(ConnectorRegistry connectors, HttpServletRequest request) {
        this.connectors = connectors;
        this.request = request;
    }

    @Override
    public ResponseEntity<ConnectorAnswer> queryCategory(String residentId, DataCategory category,
                                                         @Nullable String xCorrelationId) {
        return ResponseEntity.ok(connectors.query(residentId, category, CorrelationIdFilter.of(request)));
    }
}
