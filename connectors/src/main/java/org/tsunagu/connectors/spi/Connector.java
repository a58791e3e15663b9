package org.tsunagu.connectors.spi;

import java.util.Set;

import org.tsunagu.api.connector.model.ConnectorAnswer;
import org.tsunagu.api.connector.model.DataCategory;

/**
 * What a connector to one municipal system implements: the categories it serves and how it
 * answers one of them for one regional resident, in the hub's canonical model.
 * Implementations never decide consent; they translate and drop what the canonical model does not carry.
 */
public interface Connector {

    /** The municipal system this connector talks to, e.g. {@code health}; also the answer's {@code source}. */
    String system();

    /** The categories this connector can answer. */
    Set<DataCategory> categories();

    /**
     * Answers one category for one regional resident.
     *
     * @throws ResidentNotLinkedException if the resident has no key in this system
     * @throws MunicipalRecordNotFoundException if the system does not know the resident's key
     * @throws UpstreamUnavailableException if the system failed, timed out or answered garbage
     */
    ConnectorAnswer query(String residentId, DataCategory category, String correlationId);
}
