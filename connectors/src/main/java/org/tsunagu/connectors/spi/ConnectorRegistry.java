package org.tsunagu.connectors.spi;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import org.tsunagu.api.connector.model.ConnectorAnswer;
import org.tsunagu.api.connector.model.DataCategory;

/** Routes a category query to the one connector that serves it. */
public final class ConnectorRegistry {

    private final Map<DataCategory, Connector> byCategory = new EnumMap<>(DataCategory.class);

    public ConnectorRegistry(List<Connector> connectors) {
        for (Connector connector : connectors) {
            for (DataCategory category : connector.categories()) {
                Connector previous = byCategory.putIfAbsent(category, connector);
                if (previous != null) {
                    throw new IllegalStateException("Category " + category + " is served by both "
                            + previous.system() + " and " + connector.system());
                }
            }
        }
    }

    /** Answers the query with the connector serving the category, or fails closed. */
    public ConnectorAnswer query(String residentId, DataCategory category, String correlationId) {
        Connector connector = byCategory.get(category);
        if (connector == null) {
            throw new CategoryNotServedException(category.getValue());
        }
        return connector.query(residentId, category, correlationId);
    }
}
