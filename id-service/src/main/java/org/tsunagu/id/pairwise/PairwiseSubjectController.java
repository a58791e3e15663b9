package org.tsunagu.id.pairwise;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RestController;
import org.tsunagu.api.id.InternalApi;
import org.tsunagu.api.id.model.PairwiseSubject;

/** {@code GET /internal/v1/pairwise-subjects/{clientId}/{sub}}: only the hub gateway may resolve subs. */
@RestController
class PairwiseSubjectController implements InternalApi {

    private final PairwiseSubjects subjects;

    PairwiseSubjectController(PairwiseSubjects subjects) {
        this.subjects = subjects;
    }

    @Override
    public ResponseEntity<PairwiseSubject> resolvePairwiseSubject(String clientId, String sub) {
        return subjects.resolve(clientId, sub)
                .map(residentId -> ResponseEntity.ok(new PairwiseSubject(clientId, sub, residentId)))
                .orElseThrow(() -> new UnknownSubjectException(clientId));
    }
}
