package org.tsunagu.audit.appdirectory;

import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.stereotype.Component;
import org.springframework.web.client.HttpClientErrorException;
import org.springframework.web.client.RestClient;

import tools.jackson.databind.JsonNode;

/**
 * Who operates an app (the recipient's operator, for the APPI provision record), from the
 * regional ID's public app directory {@code GET /v1/apps/{clientId}}, cached for a while.
 * An app the directory does not list (any 4xx) has no operator; a directory that does not
 * answer (I/O error, 5xx) is an error, so the record is retried rather than chained without
 * its operator.
 */
@Component
public class AppDirectory {

    private static final Duration TTL = Duration.ofMinutes(10);

    private final RestClient http;
    private final Clock clock = Clock.systemUTC();
    private final Map<String, Cached> cache = new ConcurrentHashMap<>();

    AppDirectory(@Value("${tsunagu.id-service.url:http://localhost:9000}") String idServiceUrl) {
        JdkClientHttpRequestFactory requests = new JdkClientHttpRequestFactory(
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build());
        requests.setReadTimeout(Duration.ofSeconds(3));
        this.http = RestClient.builder().baseUrl(idServiceUrl).requestFactory(requests).build();
    }

    /** The app's operator, empty if the directory does not list the app. */
    public Optional<String> operatorOf(String clientId) {
        Instant now = clock.instant();
        Cached hit = cache.get(clientId);
        if (hit != null && hit.until().isAfter(now)) {
            return hit.operator();
        }
        Optional<String> operator = fetch(clientId);
        cache.put(clientId, new Cached(operator, now.plus(TTL)));
        return operator;
    }

    private Optional<String> fetch(String clientId) {
        try {
            JsonNode app = http.get().uri("/v1/apps/{clientId}", clientId).retrieve().body(JsonNode.class);
            return Optional.ofNullable(app).map(a -> a.path("operator")).filter(JsonNode::isString)
                    .map(JsonNode::asString);
        } catch (HttpClientErrorException unknownApp) {
            // 4xx: the directory answered and does not list it; 5xx and I/O errors propagate (retry).
            return Optional.empty();
        }
    }

    private record Cached(Optional<String> operator, Instant until) {
    }
}
