package org.tsunagu.gateway.subject;

import java.util.Optional;

import org.springframework.http.HttpStatus;
import org.springframework.web.client.RestClientResponseException;
import org.tsunagu.client.id.InternalApi;
import org.tsunagu.client.id.model.PairwiseSubject;

/**
 * {@link KnownSubjects} that can address any resident: the pairs this gateway already knows
 * ({@code known_subject}, used as a cache) first, then id-service's reverse look-up
 * ({@code GET /internal/v1/residents/{residentId}/pairwise-subjects/{clientId}}), whose answer is
 * remembered. A 404 means the resident or app is unknown there: empty. Any other failure throws
 * {@link SubjectLookupUnavailableException}, so the caller retries instead of giving up.
 */
public class ReverseLookupSubjects implements KnownSubjects {

    private final KnownSubjects cache;
    private final InternalApi api;

    public ReverseLookupSubjects(KnownSubjects cache, InternalApi api) {
        this.cache = cache;
        this.api = api;
    }

    @Override
    public void remember(String appId, String residentId, String sub) {
        cache.remember(appId, residentId, sub);
    }

    @Override
    public Optional<String> subFor(String appId, String residentId) {
        Optional<String> known = cache.subFor(appId, residentId);
        if (known.isPresent()) {
            return known;
        }
        PairwiseSubject subject;
        try {
            subject = api.pairwiseSubjectForResident(residentId, appId);
        } catch (RestClientResponseException e) {
            if (e.getStatusCode().value() == HttpStatus.NOT_FOUND.value()) {
                return Optional.empty();
            }
            throw new SubjectLookupUnavailableException(e);
        } catch (RuntimeException e) {
            throw new SubjectLookupUnavailableException(e);
        }
        if (subject == null || subject.getSub() == null || subject.getSub().isBlank()
                || !appId.equals(subject.getClientId()) || !residentId.equals(subject.getResidentId())) {
            return Optional.empty();
        }
        cache.remember(appId, residentId, subject.getSub());
        return Optional.of(subject.getSub());
    }
}
