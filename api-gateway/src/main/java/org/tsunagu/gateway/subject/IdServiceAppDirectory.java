package org.tsunagu.gateway.subject;

import java.time.Clock;
import java.time.Duration;
import java.util.Set;
import java.util.stream.Collectors;

import org.springframework.http.HttpStatus;
import org.springframework.web.client.RestClientResponseException;
import org.tsunagu.client.id.AppsApi;
import org.tsunagu.client.id.model.App;
import org.tsunagu.client.id.model.Purpose;
import org.tsunagu.gateway.web.ApiProblemException;
import org.tsunagu.gateway.web.ProblemType;

/** Declared purposes from id-service's public app directory, cached briefly. */
public class IdServiceAppDirectory implements AppDirectory {

    private final AppsApi api;
    private final BoundedCache<String, Set<String>> cache;

    public IdServiceAppDirectory(AppsApi api, Duration ttl, int cacheSize, Clock clock) {
        this.api = api;
        this.cache = new BoundedCache<>(cacheSize, ttl, clock);
    }

    @Override
    public Set<String> declaredPurposes(String clientId) {
        return cache.get(clientId, this::load);
    }

    private Set<String> load(String clientId) {
        try {
            App app = api.getApp(clientId);
            if (app == null || app.getPurposes() == null) {
                return Set.of();
            }
            return app.getPurposes().stream().filter(p -> p != null).map(Purpose::getValue)
                    .collect(Collectors.toUnmodifiableSet());
        } catch (RestClientResponseException e) {
            if (e.getStatusCode().value() == HttpStatus.NOT_FOUND.value()) {
                return Set.of();
            }
            throw unavailable(e);
        } catch (RuntimeException e) {
            throw unavailable(e);
        }
    }

    private static ApiProblemException unavailable(Exception cause) {
        return new ApiProblemException(ProblemType.DEPENDENCY_UNAVAILABLE,
                "The app directory could not be read right now.", cause);
    }
}
