package org.tsunagu.id.token;

import java.util.Optional;

import org.springframework.stereotype.Component;
import org.tsunagu.id.authserver.HubClients;
import org.tsunagu.id.pairwise.PairwiseSubjects;
import org.tsunagu.id.resident.Resident;
import org.tsunagu.id.resident.Residents;

/**
 * Decides the {@code sub} a client sees for a resident: the regional resident id for the hub's
 * own portal (first party), the app's pairwise sub for everyone else.
 */
@Component
class ResidentSubjects {

    private final Residents residents;
    private final PairwiseSubjects pairwise;

    ResidentSubjects(Residents residents, PairwiseSubjects pairwise) {
        this.residents = residents;
        this.pairwise = pairwise;
    }

    /** @return the sub, or empty when the login id no longer belongs to a resident */
    Optional<String> subjectFor(String clientId, String loginId) {
        return residents.findByLoginId(loginId)
                .map(Resident::residentId)
                .map(residentId -> HubClients.PORTAL.equals(clientId) ? residentId : pairwise.issue(clientId, residentId));
    }
}
