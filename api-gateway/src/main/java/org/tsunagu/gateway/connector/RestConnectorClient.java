package org.tsunagu.gateway.connector;

import org.springframework.http.HttpStatus;
import org.springframework.web.client.RestClientResponseException;
import org.tsunagu.client.connector.QueryApi;
import org.tsunagu.client.connector.model.ConnectorAnswer;
import org.tsunagu.client.connector.model.DataCategory;
import org.tsunagu.gateway.web.ApiProblemException;
import org.tsunagu.gateway.web.ProblemType;

/** {@link ConnectorClient} over the connectors' HTTP API, with the gateway's own token. */
public class RestConnectorClient implements ConnectorClient {

    private final QueryApi api;

    public RestConnectorClient(QueryApi api) {
        this.api = api;
    }

    @Override
    public ConnectorAnswer query(String residentId, DataCategory category, String correlationId) {
        try {
            ConnectorAnswer answer = api.queryCategory(residentId, category, correlationId);
            if (answer == null) {
                throw unavailable(null);
            }
            return answer;
        } catch (RestClientResponseException e) {
            if (e.getStatusCode().value() == HttpStatus.NOT_FOUND.value()) {
                throw new ApiProblemException(ProblemType.NOT_FOUND, "No such data is held for this resident.");
            }
            throw unavailable(e);
        } catch (ApiProblemException e) {
            throw e;
        } catch (RuntimeException e) {
            throw unavailable(e);
        }
    }

    private static ApiProblemException unavailable(Exception cause) {
        return new ApiProblemException(ProblemType.UPSTREAM_UNAVAILABLE,
                "The municipal system could not be reached right now.", cause);
    }
}
