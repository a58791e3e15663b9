package org.tsunagu.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.springframework.web.client.RestClientResponseException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The hub's APIs as an app developer or the portal uses them: through the generated
 * Java SDK ({@code tsunagu-contracts}), with a bearer token.
 */
final class HubApis {

    static final String GATEWAY = "http://localhost:8080";
    static final String CONSENT = "http://localhost:9001";
    static final String AUDIT = "http://localhost:9002";

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private HubApis() {
    }

    static org.tsunagu.client.gateway.ResidentsApi gateway(String token) {
        var client = new org.tsunagu.client.gateway.invoker.ApiClient();
        client.setBasePath(GATEWAY);
        if (token != null) {
            client.setBearerToken(token);
        }
        return new org.tsunagu.client.gateway.ResidentsApi(client);
    }

    /** An app's webhook subscriptions at the gateway instance on {@code baseUrl}. */
    static org.tsunagu.client.gateway.SubscriptionsApi subscriptions(String baseUrl, String token) {
        var client = new org.tsunagu.client.gateway.invoker.ApiClient();
        client.setBasePath(baseUrl);
        client.setBearerToken(token);
        return new org.tsunagu.client.gateway.SubscriptionsApi(client);
    }

    static org.tsunagu.client.consent.MyConsentsApi consent(String token) {
        var client = new org.tsunagu.client.consent.invoker.ApiClient();
        client.setBasePath(CONSENT);
        client.setBearerToken(token);
        return new org.tsunagu.client.consent.MyConsentsApi(client);
    }

    static org.tsunagu.client.audit.MyAccessLogApi audit(String token) {
        var client = new org.tsunagu.client.audit.invoker.ApiClient();
        client.setBasePath(AUDIT);
        client.setBearerToken(token);
        return new org.tsunagu.client.audit.MyAccessLogApi(client);
    }

    /** Asserts the call fails with an RFC 9457 problem of this status and slug; returns the problem. */
    static JsonNode assertProblem(ThrowingCallable call, int status, String slug) {
        RestClientResponseException e = catchThrowableOfType(RestClientResponseException.class, call);
        assertThat(e).as("expected a %s %s problem, but the call succeeded", status, slug).isNotNull();
        String body = e.getResponseBodyAsString();
        assertThat(e.getStatusCode().value()).as("status of %s", body).isEqualTo(status);
        assertThat(e.getResponseHeaders()).isNotNull();
        assertThat(String.valueOf(e.getResponseHeaders().getContentType()))
                .as("content type of %s", body).startsWith("application/problem+json");
        JsonNode problem = JSON.readTree(body);
        assertThat(problem.path("type").asString()).isEqualTo("urn:tsunagu:problem:" + slug);
        assertThat(problem.path("status").asInt()).isEqualTo(status);
        assertThat(body).doesNotContain("Exception").doesNotContain("\tat ");
        return problem;
    }
}
