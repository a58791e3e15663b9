package org.tsunagu.gateway.read;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.tsunagu.contracts.events.AccessRecord;
import org.tsunagu.gateway.GatewayTestSupport;

/** {@code GET /v1/me/{category}}: the resident-present read, sub from the token. */
class MeReadTest extends GatewayTestSupport {

    private static String residentToken(Resident resident) {
        return token(resident.clientId(), claims -> claims.subject(resident.sub()));
    }

    private Answer readMe(String token, String category, String correlationId) {
        return call("GET", "/v1/me/" + category, null,
                Map.of("Authorization", "Bearer " + token, "X-Correlation-Id", correlationId));
    }

    @Test
    void givenAResidentPresentTokenAndConsent_whenReadingMe_thenTheResidentsDataUnderTheirPairwiseSub() {
        Resident resident = newResident(APP_ONE);
        publish(activeConsent(resident, "consent-me", 1, "vaccination-records"));

        Answer answer = await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(50))
                .until(() -> readMe(residentToken(resident), "vaccination-records", "me-ok"), a -> a.status() == 200);

        assertThat(answer.json().path("subject").asString()).isEqualTo(resident.sub());
        assertThat(answer.json().path("consentId").asString()).isEqualTo("consent-me");
        assertThat(answer.body()).doesNotContain(resident.residentId());
        AccessRecord record = awaitAccessRecord("me-ok");
        assertThat(record.getDecision()).isEqualTo(AccessRecord.DecisionEnum.ALLOWED);
        assertThat(record.getSubject()).isEqualTo(resident.sub());
    }

    @Test
    void givenNoConsent_whenReadingMe_thenConsentRequired() {
        Resident resident = newResident(APP_ONE);

        Answer answer = readMe(residentToken(resident), "resident-basic", "me-denied");

        assertThat(answer.status()).isEqualTo(403);
        assertThat(answer.json().path("type").asString()).isEqualTo("urn:tsunagu:problem:consent-required");
    }

    @Test
    void givenAnAppToken_whenReadingMe_thenInvalidTokenBecauseNoResidentIsPresent() {
        Answer answer = readMe(tokenFor(APP_ONE), "vaccination-records", "me-app-token");

        assertThat(answer.status()).isEqualTo(401);
        assertThat(answer.json().path("type").asString()).isEqualTo("urn:tsunagu:problem:invalid-token");
    }
}
