package org.tsunagu.gateway.subject;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import org.springframework.http.HttpStatus;
import org.springframework.web.client.RestClientResponseException;
import org.tsunagu.client.id.AppsApi;
import org.tsunagu.client.id.model.App;
import org.tsunagu.client.id.model.Purpose;
import org.tsunagu.gateway.web.ApiProblemException;
import org.tsunagu.gateway.web.ProblemType;

/** Declared purposes and the approved webhook URL from id-service's public app directory, cached briefly. */
public class IdServiceAppDirectory implements AppDirectory {

    private record Registration(Set<String> purposes, Optional<URI> webhookUrl) {
        static final Registration NONE = new Registration(Set.of(), Optional.empty());
    }

    private final AppsApi api;
    private final BoundedCache<String, Registration> cache;

    public IdServiceAppDirectory(AppsApi api, Duration ttl, int cacheSize, Clock clock) {
        this.api = api;
        this.cache = new BoundedCache<>(cacheSize, ttl, clock);
    }

    @Override
    public Set<String> declaredPurposes(String clientId) {
        return cache.get(clientId, this::load).purposes();
    }

    @Override
    public Optional<URI> approvedWebhookUrl(String clientId) {
        return cache.get(clientId, this::load).webhookUrl();
    }

    private Registration load(String clientId) {
        try {
            App app = api.getApp(clientId);
            if (app == null) {
                return Registration.NONE;
            }
            Set<String> purposes = app.getPurposes() == null ? Set.of()
                    : app.getPurposes().stream().filter(p -> p != null).map(Purpose::getValue)
                            .collect(Collectors.toUnmodifiableSet());
            return new Registration(purposes, Optional.ofNullable(app.getWebhookUrl()));
        } catch (RestClientResponseException e) {
            if (e.getStatusCode().value() == HttpStatus.NOT_FOUND.value()) {
                return Registration.NONE;
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
