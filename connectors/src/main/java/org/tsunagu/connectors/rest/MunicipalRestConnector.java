package org.tsunagu.connectors.rest;

import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tsunagu.api.connector.model.ConnectorAnswer;
import org.tsunagu.api.connector.model.DataCategory;
import org.tsunagu.connectors.link.ResidentLinks;
import org.tsunagu.connectors.spi.Connector;
import org.tsunagu.connectors.spi.ResidentNotLinkedException;
import org.tsunagu.connectors.spi.UpstreamUnavailableException;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * A connector to one municipal REST system serving one category: resolves the resident's
 * municipal key, GETs the municipal document, and translates it into the canonical answer.
 *
 * @param <D> the municipal document type
 */
abstract class MunicipalRestConnector<D> implements Connector {

    private static final Logger log = LoggerFactory.getLogger(MunicipalRestConnector.class);

    private final String system;
    private final DataCategory category;
    private final Class<D> documentType;
    private final String baseUrl;
    private final ResidentLinks links;
    private final MunicipalHttpClient http;
    private final JsonMapper jsonMapper;

    MunicipalRestConnector(String system, DataCategory category, Class<D> documentType, String baseUrl,
                           ResidentLinks links, MunicipalHttpClient http, JsonMapper jsonMapper) {
        this.system = system;
        this.category = category;
        this.documentType = documentType;
        this.baseUrl = stripTrailingSlash(baseUrl);
        this.links = links;
        this.http = http;
        this.jsonMapper = jsonMapper;
    }

    /** The path under the base URL, with one {@code {key}} variable for the municipal key. */
    abstract String pathTemplate();

    /** Puts the translated document into the answer. */
    abstract void translateInto(D document, ConnectorAnswer answer);

    @Override
    public final String system() {
        return system;
    }

    @Override
    public final Set<DataCategory> categories() {
        return Set.of(category);
    }

    @Override
    public final ConnectorAnswer query(String residentId, DataCategory requested, String correlationId) {
        String key = links.municipalKey(residentId, system)
                .orElseThrow(() -> new ResidentNotLinkedException(system));
        byte[] body = http.getJson(system, baseUrl, pathTemplate(), correlationId, key);
        ConnectorAnswer answer = new ConnectorAnswer(residentId, requested, system);
        try {
            translateInto(jsonMapper.readValue(body, documentType), answer);
        } catch (JacksonException | MalformedMunicipalDataException e) {
            // Never log the body: it holds personal data. The reason and the correlation id are enough.
            log.warn("Malformed answer from the {} system (correlationId={}): {}",
                    system, correlationId, e.getClass().getSimpleName() + ": " + firstLine(e.getMessage()));
            throw new UpstreamUnavailableException(system, e);
        }
        return answer;
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }

    private static String stripTrailingSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
