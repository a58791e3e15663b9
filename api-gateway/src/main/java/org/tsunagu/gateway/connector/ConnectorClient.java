package org.tsunagu.gateway.connector;

import org.tsunagu.client.connector.model.ConnectorAnswer;
import org.tsunagu.client.connector.model.DataCategory;

/** Asks the connectors for one category of one resident's data, in the canonical model. */
public interface ConnectorClient {

    /**
     * @throws org.tsunagu.gateway.web.ApiProblemException {@code not-found} when the connector has no such
     *         data, {@code upstream-unavailable} on any other failure (5xx, timeout, refused)
     */
    ConnectorAnswer query(String residentId, DataCategory category, String correlationId);
}
