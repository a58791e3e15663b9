package org.tsunagu.id.pairwise;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RestController;
import org.tsunagu.api.id.InternalApi;
import org.tsunagu.api.id.model.PairwiseSubject;
import org.tsunagu.id.app.AppDirectory;
import org.tsunagu.id.resident.Residents;

/**
 * The hub-internal pairwise lookups (only the hub gateway may call them): forward
 * {@code GET /internal/v1/pairwise-subjects/{clientId}/{sub}} and reverse
 * {@code GET /internal/v1/residents/{residentId}/pairwise-subjects/{clientId}}.
 */
@RestController
class PairwiseSubjectController implements InternalApi {

    private final PairwiseSubjects subjects;
    private final Residents residents;
    private final AppDirectory apps;

    PairwiseSubjectController(PairwiseSubjects subjects, Residents residents, AppDirectory apps) {
        this.subjects = subjects;
        this.residents = residents;
        this.apps = apps;
    }

    @Override
    public ResponseEntity<PairwiseSubject> resolvePairwiseSubject(String clientId, String sub) {
        return subjects.resolve(clientId, sub)
                .map(residentId -> ResponseEntity.ok(new PairwiseSubject(clientId, sub, residentId)))
                .orElseThrow(() -> new UnknownSubjectException(clientId));
    }

    /** Computes (and records, when never issued) the app's sub; only approved apps and known residents. */
    @Override
    public ResponseEntity<PairwiseSubject> pairwiseSubjectForResident(String residentId, String clientId) {
        if (apps.find(clientId).isEmpty() || residents.findByResidentId(residentId).isEmpty()) {
            throw new UnknownSubjectException(clientId);
        }
        return ResponseEntity.ok(new PairwiseSubject(clientId, subjects.issue(clientId, residentId), residentId));
    }
}
