package org.tsunagu.gateway.subject;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.web.client.HttpClientErrorException;
import org.springframework.web.client.HttpServerErrorException;
import org.springframework.web.client.ResourceAccessException;
import org.tsunagu.client.id.InternalApi;
import org.tsunagu.client.id.model.PairwiseSubject;

class ReverseLookupSubjectsTest {

    /** The known_subject table, in memory. */
    private static final class MapSubjects implements KnownSubjects {
        final Map<String, String> pairs = new HashMap<>();

        @Override
        public void remember(String appId, String residentId, String sub) {
            pairs.put(appId + "|" + residentId, sub);
        }

        @Override
        public Optional<String> subFor(String appId, String residentId) {
            return Optional.ofNullable(pairs.get(appId + "|" + residentId));
        }
    }

    private static PairwiseSubject subject(String clientId, String sub, String residentId) {
        PairwiseSubject subject = new PairwiseSubject();
        subject.setClientId(clientId);
        subject.setSub(sub);
        subject.setResidentId(residentId);
        return subject;
    }

    private final MapSubjects cache = new MapSubjects();
    private final InternalApi api = mock(InternalApi.class);
    private final ReverseLookupSubjects subjects = new ReverseLookupSubjects(cache, api);

    @Test
    void givenAPairSeenBefore_whenLookedUp_thenFromTheCacheWithoutAskingIdService() {
        cache.remember("app", "RID-1", "sub-1");

        assertThat(subjects.subFor("app", "RID-1")).contains("sub-1");
        verify(api, never()).pairwiseSubjectForResident("RID-1", "app");
    }

    @Test
    void givenAResidentTheAppNeverReadHere_whenLookedUp_thenIdServiceAnswersAndTheAnswerIsRemembered() {
        when(api.pairwiseSubjectForResident("RID-2", "app"))
                .thenReturn(subject("app", "sub-2", "RID-2"));

        assertThat(subjects.subFor("app", "RID-2")).contains("sub-2");
        assertThat(cache.subFor("app", "RID-2")).contains("sub-2");
    }

    @Test
    void givenIdServiceKnowsNoSuchPair_whenLookedUp_thenEmpty() {
        when(api.pairwiseSubjectForResident("RID-3", "app")).thenThrow(HttpClientErrorException.create(
                org.springframework.http.HttpStatus.NOT_FOUND, "Not Found", HttpHeaders.EMPTY, new byte[0],
                StandardCharsets.UTF_8));

        assertThat(subjects.subFor("app", "RID-3")).isEmpty();
    }

    @Test
    void givenAnAnswerForAnotherPair_whenLookedUp_thenEmptyAndNotRemembered() {
        when(api.pairwiseSubjectForResident("RID-4", "app"))
                .thenReturn(subject("other-app", "sub-x", "RID-4"));

        assertThat(subjects.subFor("app", "RID-4")).isEmpty();
        assertThat(cache.pairs).isEmpty();
    }

    @Test
    void givenIdServiceDownOrFailing_whenLookedUp_thenUnavailableNotEmpty() {
        when(api.pairwiseSubjectForResident("RID-5", "app")).thenThrow(new ResourceAccessException("refused"));
        when(api.pairwiseSubjectForResident("RID-6", "app")).thenThrow(HttpServerErrorException.create(
                org.springframework.http.HttpStatus.SERVICE_UNAVAILABLE, "x", HttpHeaders.EMPTY, new byte[0],
                StandardCharsets.UTF_8));

        assertThatThrownBy(() -> subjects.subFor("app", "RID-5")).isInstanceOf(SubjectLookupUnavailableException.class);
        assertThatThrownBy(() -> subjects.subFor("app", "RID-6")).isInstanceOf(SubjectLookupUnavailableException.class);
    }
}
