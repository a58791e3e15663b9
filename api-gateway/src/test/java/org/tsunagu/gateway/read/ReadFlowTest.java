package org.tsunagu.gateway.read;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.UUID;

import com.github.tomakehurst.wiremock.http.Fault;

import org.junit.jupiter.api.Test;
import org.tsunagu.contracts.events.AccessRecord;
import org.tsunagu.contracts.events.ConsentState;
import org.tsunagu.gateway.GatewayTestSupport;

import tools.jackson.databind.JsonNode;

/** The read path end to end: consent events in, minimised data or problems out, access records written. */
class ReadFlowTest extends GatewayTestSupport {

    private static final String VACCINATION = "vaccination-records";
    private static final String PROBLEM = "urn:tsunagu:problem:";

    private static Map<String, String> correlation(String id) {
        return Map.of("X-Correlation-Id", id);
    }

    private static String newCorrelationId() {
        return "test-" + UUID.randomUUID();
    }

    /** Publishes an active consent and waits until the gateway allows the read. */
    private Answer grantAndRead(Resident resident, String consentId, String correlationId) {
        publish(activeConsent(resident, consentId, 1, VACCINATION));
        // generous: the first read of the class also pays cold JWKS, token and connection set-up
        return await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(50))
                .until(() -> read(tokenFor(APP_ONE), resident.sub(), VACCINATION, correlation(correlationId)),
                        answer -> answer.status() == 200);
    }

    @Test
    void givenActiveConsent_whenReading_thenMinimisedDataAndAnAllowedRecord() {
        Resident resident = newResident(APP_ONE);
        String correlationId = newCorrelationId();

        Answer answer = grantAndRead(resident, "consent-ok", correlationId);

        assertThat(answer.header("X-Correlation-Id")).isEqualTo(correlationId);
        JsonNode body = answer.json();
        assertThat(body.propertyNames()).containsExactlyInAnyOrder("subject", "category", "purpose", "consentId",
                "retrievedAt", "vaccinationRecords");
        assertThat(body.path("subject").asString()).isEqualTo(resident.sub());
        assertThat(body.path("category").asString()).isEqualTo(VACCINATION);
        assertThat(body.path("purpose").asString()).isEqualTo("service-provision");
        assertThat(body.path("consentId").asString()).isEqualTo("consent-ok");
        assertThat(body.path("vaccinationRecords").propertyNames()).containsExactly("records");
        JsonNode record = body.path("vaccinationRecords").path("records").get(0);
        assertThat(record.propertyNames()).containsExactlyInAnyOrder("vaccine", "vaccineCode", "doseNumber",
                "administeredOn", "facility");
        assertThat(record.path("administeredOn").asString()).isEqualTo("2025-11-02");
        assertThat(answer.body()).doesNotContain("must not leak", "residentBasic", "aizuwakamatsu-health",
                resident.residentId());

        AccessRecord access = awaitAccessRecord(correlationId);
        assertThat(access.getDecision()).isEqualTo(AccessRecord.DecisionEnum.ALLOWED);
        assertThat(access.getReason()).isEqualTo("granted");
        assertThat(access.getResidentId()).isEqualTo(resident.residentId());
        assertThat(access.getAppId()).isEqualTo(APP_ONE);
        assertThat(access.getSubject()).isEqualTo(resident.sub());
        assertThat(access.getCategory()).isEqualTo(VACCINATION);
        assertThat(access.getPurpose()).isEqualTo("service-provision");
        assertThat(access.getConsentId()).isEqualTo("consent-ok");
        assertThat(access.getChannel()).isEqualTo(AccessRecord.ChannelEnum.API_READ);

        HUB.verify(getRequestedFor(urlPathEqualTo("/v1/residents/" + resident.residentId() + "/" + VACCINATION))
                .withHeader("Authorization", equalTo("Bearer " + GATEWAY_TOKEN))
                .withHeader("X-Correlation-Id", equalTo(correlationId)));
        HUB.verify(getRequestedFor(urlPathEqualTo(
                "/internal/v1/pairwise-subjects/" + APP_ONE + "/" + resident.sub()))
                .withHeader("Authorization", equalTo("Bearer " + GATEWAY_TOKEN)));
    }

    @Test
    void givenResidentBasicConsent_whenReading_thenOnlyCanonicalResidentBasicFields() {
        Resident resident = newResident(APP_ONE);
        publish(activeConsent(resident, "consent-basic", 1, "resident-basic"));

        Answer answer = await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(50))
                .until(() -> read(tokenFor(APP_ONE), resident.sub(), "resident-basic", Map.of()),
                        a -> a.status() == 200);

        JsonNode basic = answer.json().path("residentBasic");
        assertThat(basic.propertyNames()).containsExactlyInAnyOrder("familyName", "givenName", "birthDate",
                "municipality", "address");
        assertThat(basic.path("address").propertyNames()).containsExactlyInAnyOrder("postalCode", "city");
        assertThat(answer.body()).doesNotContain("must not leak", "vaccinationRecords");
    }

    @Test
    void givenNoConsent_whenReading_thenConsentRequiredAndADeniedRecord() {
        Resident resident = newResident(APP_ONE);
        String correlationId = newCorrelationId();

        Answer answer = read(tokenFor(APP_ONE), resident.sub(), VACCINATION, correlation(correlationId));

        assertThat(answer.status()).isEqualTo(403);
        assertThat(answer.header("Content-Type")).startsWith("application/problem+json");
        assertThat(answer.problemType()).isEqualTo(PROBLEM + "consent-required");
        assertThat(answer.json().path("correlationId").asString()).isEqualTo(correlationId);
        AccessRecord access = awaitAccessRecord(correlationId);
        assertThat(access.getDecision()).isEqualTo(AccessRecord.DecisionEnum.DENIED);
        assertThat(access.getReason()).isEqualTo("consent-required");
        assertThat(access.getResidentId()).isEqualTo(resident.residentId());
    }

    @Test
    void givenRevocation_whenReadingRightAfter_thenConsentRevokedWithinASecond() {
        Resident resident = newResident(APP_ONE);
        grantAndRead(resident, "consent-rev", newCorrelationId());
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        long enforcedBefore = appliedChanges();

        publish(consent(resident, "consent-rev", 2, VACCINATION, ConsentState.StatusEnum.REVOKED,
                now.minusDays(1), now.plusDays(365)));

        String correlationId = newCorrelationId();
        Answer answer = await().atMost(Duration.ofSeconds(1)).pollInterval(Duration.ofMillis(20))
                .until(() -> read(tokenFor(APP_ONE), resident.sub(), VACCINATION, correlation(correlationId)),
                        a -> a.status() == 403);
        assertThat(answer.problemType()).isEqualTo(PROBLEM + "consent-revoked");
        // operators see how long changes took to be enforced here (consent change -> applied)
        assertThat(appliedChanges()).isGreaterThan(enforcedBefore);
    }

    private long appliedChanges() {
        String path = "/actuator/metrics/tsunagu.consent.view.apply.delay";
        assertThat(call("GET", path, null, Map.of("Authorization", "Bearer " + tokenFor(APP_ONE))).status())
                .as("an app may not read the gateway's metrics").isEqualTo(403);
        String operator = token("tsunagu-operator-console",
                c -> c.subject("OP-0001").claim("roles", java.util.List.of("operator")));
        Answer metric = call("GET", path, null, Map.of("Authorization", "Bearer " + operator));
        assertThat(metric.status()).isEqualTo(200);
        JsonNode count = JSON.readTree(metric.body()).path("measurements").get(0);
        assertThat(count.path("statistic").asString()).isEqualTo("COUNT");
        return count.path("value").asLong();
    }

    @Test
    void givenOlderVersionAfterNewer_whenReading_thenTheOlderIsIgnored() {
        Resident resident = newResident(APP_ONE);
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        publish(consent(resident, "consent-v", 3, VACCINATION, ConsentState.StatusEnum.REVOKED,
                now.minusDays(1), now.plusDays(365)));
        publish(consent(resident, "consent-v", 2, VACCINATION, ConsentState.StatusEnum.ACTIVE,
                now.minusDays(1), now.plusDays(365)));
        // a later event on the same partition: once it is applied, the older one has been seen too
        publish(activeConsent(resident, "marker-" + UUID.randomUUID(), 1, "resident-basic"));
        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(50))
                .until(() -> read(tokenFor(APP_ONE), resident.sub(), "resident-basic", Map.of()).status() == 200);

        Answer answer = read(tokenFor(APP_ONE), resident.sub(), VACCINATION, Map.of());

        assertThat(answer.status()).isEqualTo(403);
        assertThat(answer.problemType()).isEqualTo(PROBLEM + "consent-revoked");
    }

    @Test
    void givenExpiredConsent_whenReading_thenConsentExpired() {
        Resident resident = newResident(APP_ONE);
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        publish(consent(resident, "consent-old", 1, VACCINATION, ConsentState.StatusEnum.ACTIVE,
                now.minusDays(30), now.minusDays(1)));
        publish(activeConsent(resident, "marker-" + UUID.randomUUID(), 1, "resident-basic"));
        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(50))
                .until(() -> read(tokenFor(APP_ONE), resident.sub(), "resident-basic", Map.of()).status() == 200);

        Answer answer = read(tokenFor(APP_ONE), resident.sub(), VACCINATION, Map.of());

        assertThat(answer.status()).isEqualTo(403);
        assertThat(answer.problemType()).isEqualTo(PROBLEM + "consent-expired");
    }

    @Test
    void givenUnknownCategory_whenReading_thenUnknownCategoryAndADeniedRecord() {
        Resident resident = newResident(APP_ONE);
        String correlationId = newCorrelationId();

        Answer answer = read(tokenFor(APP_ONE), resident.sub(), "tax-records", correlation(correlationId));

        assertThat(answer.status()).isEqualTo(404);
        assertThat(answer.problemType()).isEqualTo(PROBLEM + "unknown-category");
        AccessRecord access = awaitAccessRecord(correlationId);
        assertThat(access.getDecision()).isEqualTo(AccessRecord.DecisionEnum.DENIED);
        assertThat(access.getReason()).isEqualTo("unknown-category");
    }

    @Test
    void givenAnotherAppsSub_whenReading_thenSubjectUnknown() {
        Resident ofAppTwo = newResident(APP_TWO);
        publish(activeConsent(ofAppTwo, "consent-two", 1, VACCINATION));

        Answer answer = read(tokenFor(APP_ONE), ofAppTwo.sub(), VACCINATION, Map.of());

        assertThat(answer.status()).isEqualTo(404);
        assertThat(answer.problemType()).isEqualTo(PROBLEM + "subject-unknown");
    }

    @Test
    void givenConnectorDown_whenReading_thenUpstreamUnavailableWithoutData() {
        Resident resident = newResident(APP_ONE);
        grantAndRead(resident, "consent-down", newCorrelationId());
        connectorFails(resident, Fault.CONNECTION_RESET_BY_PEER);
        String correlationId = newCorrelationId();

        Answer answer = read(tokenFor(APP_ONE), resident.sub(), VACCINATION, correlation(correlationId));

        assertThat(answer.status()).isEqualTo(503);
        assertThat(answer.problemType()).isEqualTo(PROBLEM + "upstream-unavailable");
        assertThat(answer.body()).doesNotContain("records");
        assertThat(awaitAccessRecord(correlationId).getReason()).isEqualTo("upstream-unavailable");
    }

    @Test
    void givenConnectorServerError_whenReading_thenUpstreamUnavailable() {
        Resident resident = newResident(APP_ONE);
        grantAndRead(resident, "consent-500", newCorrelationId());
        connectorAnswers(resident, 500);

        Answer answer = read(tokenFor(APP_ONE), resident.sub(), VACCINATION, Map.of());

        assertThat(answer.status()).isEqualTo(503);
        assertThat(answer.problemType()).isEqualTo(PROBLEM + "upstream-unavailable");
    }

    @Test
    void givenConnectorHasNoData_whenReading_thenNotFound() {
        Resident resident = newResident(APP_ONE);
        grantAndRead(resident, "consent-404", newCorrelationId());
        connectorAnswers(resident, 404);

        Answer answer = read(tokenFor(APP_ONE), resident.sub(), VACCINATION, Map.of());

        assertThat(answer.status()).isEqualTo(404);
        assertThat(answer.problemType()).isEqualTo(PROBLEM + "not-found");
    }

    @Test
    void givenAppWithTwoPurposes_whenNoPurposeGiven_thenPurposeRequired() {
        Resident resident = newResident(APP_TWO);

        Answer answer = read(tokenFor(APP_TWO), resident.sub(), VACCINATION, Map.of());

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.problemType()).isEqualTo(PROBLEM + "purpose-required");
    }

    @Test
    void givenAppWithTwoPurposes_whenPurposeGiven_thenItIsUsed() {
        Resident resident = newResident(APP_TWO);
        publish(activeConsent(resident, "consent-p", 1, VACCINATION));

        Answer answer = await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(50))
                .until(() -> read(tokenFor(APP_TWO), resident.sub(), VACCINATION,
                        Map.of("Tsunagu-Purpose", "service-provision")), a -> a.status() == 200);

        assertThat(answer.json().path("purpose").asString()).isEqualTo("service-provision");
    }

    @Test
    void givenUndeclaredPurpose_whenReading_thenPurposeNotDeclared() {
        Resident resident = newResident(APP_ONE);

        Answer answer = read(tokenFor(APP_ONE), resident.sub(), VACCINATION, Map.of("Tsunagu-Purpose", "notification"));

        assertThat(answer.status()).isEqualTo(403);
        assertThat(answer.problemType()).isEqualTo(PROBLEM + "purpose-not-declared");
    }

    @Test
    void givenUnknownPurpose_whenReading_thenBadRequest() {
        Resident resident = newResident(APP_ONE);

        Answer answer = read(tokenFor(APP_ONE), resident.sub(), VACCINATION, Map.of("Tsunagu-Purpose", "marketing"));

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.problemType()).isEqualTo(PROBLEM + "bad-request");
    }

    @Test
    void givenMalformedCorrelationId_whenReading_thenAFreshOneIsUsedAndEchoed() {
        Resident resident = newResident(APP_ONE);

        Answer answer = read(tokenFor(APP_ONE), resident.sub(), VACCINATION,
                Map.of("X-Correlation-Id", "bad id with spaces and more than sixty-four characters in total......"));

        String echoed = answer.header("X-Correlation-Id");
        assertThat(echoed).matches("[0-9a-f-]{36}");
        assertThat(answer.json().path("correlationId").asString()).isEqualTo(echoed);
        assertThat(awaitAccessRecord(echoed).getReason()).isEqualTo("consent-required");
    }
}
