package org.tsunagu.consent.apps;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.stream.Collectors;

import org.springframework.http.HttpStatus;
import org.springframework.web.client.RestClientException;
import org.springframework.web.client.RestClientResponseException;
import org.tsunagu.client.id.AppsApi;
import org.tsunagu.client.id.model.App;
import org.tsunagu.client.id.model.DataCategory;
import org.tsunagu.client.id.model.Purpose;

/**
 * {@link AppDirectory} backed by id-service's public {@code GET /v1/apps/{clientId}}, with a
 * small cache of found apps (short TTL, so directory changes show up quickly).
 */
class IdServiceAppDirectory implements AppDirectory {

    private record Cached(RegisteredApp app, Instant until) {
    }

    private final AppsApi apps;
    private final Duration ttl;
    private final Clock clock;
    private final ConcurrentMap<String, Cached> cache = new ConcurrentHashMap<>();

    IdServiceAppDirectory(AppsApi apps, Duration ttl, Clock clock) {
        this.apps = apps;
        this.ttl = ttl;
        this.clock = clock;
    }

    @Override
    public Optional<RegisteredApp> find(String appId) {
        Instant now = clock.instant();
        Cached cached = cache.get(appId);
        if (cached != null && cached.until().isAfter(now)) {
            return Optional.of(cached.app());
        }
        Optional<RegisteredApp> found = fetch(appId);
        found.ifPresentOrElse(app -> cache.put(appId, new Cached(app, now.plus(ttl))), () -> cache.remove(appId));
        return found;
    }

    private Optional<RegisteredApp> fetch(String appId) {
        try {
            App app = apps.getApp(appId);
            if (app == null) {
                throw new AppDirectoryUnavailableException("The app directory answered without a body", null);
            }
            return Optional.of(toRegisteredApp(app));
        } catch (RestClientResponseException e) {
            if (e.getStatusCode().isSameCodeAs(HttpStatus.NOT_FOUND)) {
                return Optional.empty();
            }
            throw new AppDirectoryUnavailableException("The app directory answered " + e.getStatusCode(), e);
        } catch (RestClientException | IllegalArgumentException e) {
            throw new AppDirectoryUnavailableException("The app directory is unreachable", e);
        }
    }

    private static RegisteredApp toRegisteredApp(App app) {
        return new RegisteredApp(app.getClientId(), app.getName() == null ? app.getClientId() : app.getName(),
                app.getOperator(),
                app.getCategories().stream().map(DataCategory::getValue).collect(Collectors.toSet()),
                app.getPurposes().stream().map(Purpose::getValue).collect(Collectors.toSet()));
    }
}
