package org.tsunagu.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.tsunagu.e2e.HubApis.assertProblem;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Each app sees its own, stable pseudonym for a resident and cannot use another app's
 * to reach her.
 */
@ExtendWith(RunningHub.class)
class PairwiseIsolationE2eTest {

    @Test
    void givenOneResidentInTwoApps_thenEachAppHasItsOwnStableSub_andCannotUseTheOthers() {
        String vaccineSub = RegionalId.app(Resident.HANAKO, DemoApp.VACCINE_NOTEBOOK).subject();
        String tourismSub = RegionalId.app(Resident.HANAKO, DemoApp.TOURISM).subject();
        String vaccineSubAgain = RegionalId.app(Resident.HANAKO, DemoApp.VACCINE_NOTEBOOK).subject();

        assertThat(vaccineSub).isNotEqualTo(tourismSub).isEqualTo(vaccineSubAgain);
        assertThat(vaccineSub).isNotEqualTo(Resident.HANAKO.residentId()).doesNotContain("hanako");

        var tourism = HubApis.gateway(RegionalId.clientCredentials(DemoApp.TOURISM));
        assertProblem(() -> tourism.readResidentCategory(vaccineSub, "vaccination-records", "personalisation", null),
                404, "subject-unknown");
        var vaccine = HubApis.gateway(RegionalId.clientCredentials(DemoApp.VACCINE_NOTEBOOK));
        assertProblem(() -> vaccine.readResidentCategory(tourismSub, "vaccination-records", "service-provision", null),
                404, "subject-unknown");
    }

    @Test
    void givenAResidentTokenFromTheAppLogin_thenItsSubIsTheSamePairwiseSubAsTheIdToken() {
        RegionalId.Login login = RegionalId.app(Resident.SAKURA, DemoApp.TOURISM);
        assertThat(login.accessClaims().getSubject()).isEqualTo(login.subject());
        assertThat(login.accessClaims().getAudience()).containsExactly("urn:tsunagu:api-gateway");
        assertThat(login.accessClaims().getClaim("client_id")).isEqualTo(DemoApp.TOURISM.clientId());
    }
}
