package org.tsunagu.connectors.rest;

import java.io.IOException;
import java.io.InputStream;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;
import org.tsunagu.connectors.spi.MunicipalRecordNotFoundException;
import org.tsunagu.connectors.spi.UpstreamUnavailableException;

/**
 * GETs a JSON document from a municipal system and turns every way that can fail into the
 * connector SPI's exceptions: 404 means "no such record", anything else unusable means unavailable.
 */
public class MunicipalHttpClient {

    static final String CORRELATION_HEADER = "X-Correlation-Id";

    /** Municipal answers are small; a bigger body is a misbehaving system, not data. */
    private static final int MAX_BODY_BYTES = 1024 * 1024;

    private final RestClient restClient;

    public MunicipalHttpClient(RestClient restClient) {
        this.restClient = restClient;
    }

    /** The body of {@code GET baseUrl + pathTemplate}, with the path variables encoded. */
    byte[] getJson(String system, String baseUrl, String pathTemplate, String correlationId, Object... pathVariables) {
        try {
            return restClient.get()
                    .uri(baseUrl + pathTemplate, pathVariables)
                    .accept(MediaType.APPLICATION_JSON)
                    .header(CORRELATION_HEADER, correlationId)
                    .exchange((request, response) -> {
                        if (response.getStatusCode().value() == HttpStatus.NOT_FOUND.value()) {
                            throw new MunicipalRecordNotFoundException(system);
                        }
                        if (!response.getStatusCode().is2xxSuccessful()) {
                            throw new UpstreamUnavailableException(system,
                                    new IllegalStateException("HTTP " + response.getStatusCode().value()));
                        }
                        return readLimited(response.getBody());
                    });
        } catch (RestClientException e) {
            throw new UpstreamUnavailableException(system, e);
        }
    }

    private static byte[] readLimited(InputStream body) throws IOException {
        byte[] bytes = body.readNBytes(MAX_BODY_BYTES + 1);
        if (bytes.length > MAX_BODY_BYTES) {
            throw new IOException("Municipal answer larger than " + MAX_BODY_BYTES + " bytes");
        }
        return bytes;
    }
}
