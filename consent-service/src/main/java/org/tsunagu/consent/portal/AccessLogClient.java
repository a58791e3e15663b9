package org.tsunagu.consent.portal;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.client.SimpleClientHttpRequestFactory;
import org.springframework.stereotype.Component;
import org.springframework.web.client.HttpClientErrorException;
import org.springframework.web.client.RestClient;

import tools.jackson.databind.JsonNode;

/**
 * Reads the resident's access log from audit-service ({@code GET /v1/me/access-log}) with the
 * resident's own access token. Read leniently (only the fields shown), so new fields do not break
 * the portal; when audit-service cannot answer, the portal says so instead of failing.
 */
@Component
class AccessLogClient {

    /** audit-service answered 401: it does not accept this access token (any more). */
    static final class TokenRefused extends RuntimeException {
        TokenRefused() {
            super("audit-service refused the resident's access token", null, false, false);
        }
    }

    /** One read of the resident's data as the portal shows it. */
    record AccessEntry(OffsetDateTime occurredAt, String appId, String appOperator, String category,
                       String purpose, boolean allowed, String reason) {
    }

    private static final Logger log = LoggerFactory.getLogger(AccessLogClient.class);

    private final RestClient http;

    AccessLogClient(@Value("${tsunagu.audit-service.url:http://localhost:9002}") String baseUrl,
                    @Value("${tsunagu.audit-service.timeout:3s}") Duration timeout) {
        SimpleClientHttpRequestFactory requestFactory = new SimpleClientHttpRequestFactory();
        requestFactory.setConnectTimeout(timeout);
        requestFactory.setReadTimeout(timeout);
        this.http = RestClient.builder().baseUrl(baseUrl).requestFactory(requestFactory).build();
    }

    /**
     * @return the entries, newest first; empty when audit-service could not be asked
     * @throws TokenRefused when audit-service answers 401 (the caller decides whether to re-authorize)
     */
    Optional<List<AccessEntry>> read(String accessToken) {
        try {
            JsonNode body = http.get().uri("/v1/me/access-log?limit=200")
                    .headers(headers -> headers.setBearerAuth(accessToken))
                    .retrieve()
                    .body(JsonNode.class);
            List<AccessEntry> entries = new ArrayList<>();
            if (body != null && body.has("items")) {
                for (JsonNode item : body.get("items")) {
                    entries.add(new AccessEntry(
                            OffsetDateTime.parse(text(item, "occurredAt")),
                            text(item, "appId"),
                            text(item, "appOperator"),
                            text(item, "category"),
                            text(item, "purpose"),
                            "ALLOWED".equals(text(item, "decision")),
                            text(item, "reason")));
                }
            }
            return Optional.of(entries);
        } catch (HttpClientErrorException.Unauthorized refused) {
            throw new TokenRefused();
        } catch (RuntimeException e) { // RestClientException, unparsable dates: never fail the page
            log.warn("Access log unavailable: {}", e.toString());
            return Optional.empty();
        }
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? "" : value.asString();
    }
}
