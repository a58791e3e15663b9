package org.tsunagu.gateway.subject;

import java.time.Clock;

import org.springframework.http.HttpStatus;
import org.springframework.web.client.RestClientResponseException;
import org.tsunagu.client.id.InternalApi;
import org.tsunagu.client.id.model.PairwiseSubject;
import org.tsunagu.gateway.web.ApiProblemException;
import org.tsunagu.gateway.web.ProblemType;

/**
 * Resolves pairwise subs with id-service's internal API. Resolutions never change, so they are
 * cached (bounded); unknown subs are not cached, so a sub issued a moment later still works.
 */
public class IdServicePairwiseResolver implements PairwiseResolver {

    private record Key(String clientId, String sub) {
    }

    private final InternalApi api;
    private final BoundedCache<Key, String> cache;

    public IdServicePairwiseResolver(InternalApi api, int cacheSize, Clock clock) {
        this.api = api;
        this.cache = new BoundedCache<>(cacheSize, null, clock);
    }

    @Override
    public String residentIdFor(String clientId, String sub) {
        return cache.get(new Key(clientId, sub), this::resolve);
    }

    private String resolve(Key key) {
        PairwiseSubject subject;
        try {
            subject = api.resolvePairwiseSubject(key.clientId(), key.sub());
        } catch (RestClientResponseException e) {
            if (e.getStatusCode().value() == HttpStatus.NOT_FOUND.value()) {
                throw unknown();
            }
            throw unavailable(e);
        } catch (RuntimeException e) {
            throw unavailable(e);
        }
        if (subject == null || subject.getResidentId() == null || subject.getResidentId().isBlank()
                || !key.clientId().equals(subject.getClientId()) || !key.sub().equals(subject.getSub())) {
            throw unknown();
        }
        return subject.getResidentId();
    }

    private static ApiProblemException unknown() {
        return new ApiProblemException(ProblemType.SUBJECT_UNKNOWN, "This app knows no resident by this subject id.");
    }

    private static ApiProblemException unavailable(Exception cause) {
        return new ApiProblemException(ProblemType.DEPENDENCY_UNAVAILABLE,
                "The regional ID could not resolve the subject right now.", cause);
    }
}
