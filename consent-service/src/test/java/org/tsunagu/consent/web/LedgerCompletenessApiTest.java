package org.tsunagu.consent.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.tsunagu.consent.support.ConsentServiceIntegrationTest;

import tools.jackson.databind.JsonNode;

/** History, DPV purposes, withdrawing everything for one app, and operator aggregates. */
class LedgerCompletenessApiTest extends ConsentServiceIntegrationTest {

    private static String newResident() {
        return "RID-L-" + UUID.randomUUID();
    }

    private static String operatorToken() {
        return token(claims -> claims.subject("OP-0001").claim("client_id", "tsunagu-operator-console")
                .claim("roles", List.of("operator")));
    }

    @Test
    void givenGrantedItem_whenListing_thenPurposeCarriesItsDpvIri() {
        String resident = newResident();
        grant(resident, "aizu-vaccine-notebook", "resident-basic", "notification");

        JsonNode item = get("/v1/me/consents", tokenFor(resident)).json().get("items").get(0);

        assertThat(item.get("purposeIri").asString()).isEqualTo("https://w3id.org/dpv#CommunicationForCustomerCare");
    }

    @Test
    void givenGrantedThenRevokedItem_whenReadingHistory_thenBothVersionsOldestFirst() {
        String resident = newResident();
        String consentId = grant(resident, "aizu-vaccine-notebook", "vaccination-records", "service-provision")
                .json().get("consentId").asString();
        revoke(resident, consentId);

        Answer history = get("/v1/me/consents/" + consentId + "/history", tokenFor(resident));

        assertThat(history.status()).as(history.body()).isEqualTo(200);
        JsonNode versions = history.json().get("versions");
        assertThat(versions).hasSize(2);
        assertThat(versions.get(0).get("version").asInt()).isEqualTo(1);
        assertThat(versions.get(0).get("change").asString()).isEqualTo("GRANTED");
        assertThat(versions.get(0).get("status").asString()).isEqualTo("ACTIVE");
        assertThat(versions.get(1).get("version").asInt()).isEqualTo(2);
        assertThat(versions.get(1).get("change").asString()).isEqualTo("REVOKED");
        assertThat(versions.get(1).get("purposeIri").asString()).isEqualTo("https://w3id.org/dpv#ServiceProvision");
    }

    @Test
    void givenAnotherResidentsItem_whenReadingItsHistory_thenNotFound() {
        String owner = newResident();
        String consentId = grant(owner, "aizu-vaccine-notebook", "vaccination-records", "service-provision")
                .json().get("consentId").asString();

        assertProblem(get("/v1/me/consents/" + consentId + "/history", tokenFor(newResident())), 404, "not-found");
    }

    @Test
    void givenSeveralItemsForOneApp_whenRevokingTheApp_thenAllActiveItemsRevokedAndOtherAppsUntouched() {
        String resident = newResident();
        grant(resident, "aizu-vaccine-notebook", "vaccination-records", "service-provision");
        grant(resident, "aizu-vaccine-notebook", "resident-basic", "notification");
        String other = grant(resident, "bandai-school-notice", "resident-basic", "notification")
                .json().get("consentId").asString();

        Answer answer = call("POST", "/v1/me/apps/aizu-vaccine-notebook/revoke", tokenFor(resident), null, null,
                Map.of());

        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        assertThat(answer.json().get("items")).hasSize(2)
                .allSatisfy(item -> assertThat(item.get("status").asString()).isEqualTo("REVOKED"));
        JsonNode items = get("/v1/me/consents", tokenFor(resident)).json().get("items");
        for (JsonNode item : items) {
            String expected = item.get("consentId").asString().equals(other) ? "ACTIVE" : "REVOKED";
            assertThat(item.get("status").asString()).isEqualTo(expected);
        }
        assertThat(get("/v1/me/receipts", tokenFor(resident)).json().get("items")).hasSize(5);
    }

    @Test
    void givenNoItemForApp_whenRevokingTheApp_thenNotFoundAndNothingChanges() {
        String resident = newResident();
        grant(resident, "bandai-school-notice", "resident-basic", "notification");
        List<Long> before = footprint(resident);

        Answer answer = call("POST", "/v1/me/apps/aizu-vaccine-notebook/revoke", tokenFor(resident), null, null,
                Map.of());

        assertProblem(answer, 404, "not-found");
        assertThat(footprint(resident)).isEqualTo(before);
    }

    @Test
    void givenOperatorToken_whenReadingAggregates_thenCountsPerAppCategoryPurposeStatusWithoutResidents() {
        String resident = newResident();
        grant(resident, "bandai-school-notice", "resident-basic", "notification");

        Answer answer = get("/v1/consent/aggregates", operatorToken());

        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        assertThat(answer.body()).doesNotContain(resident).doesNotContain("RID-");
        JsonNode row = null;
        for (JsonNode candidate : answer.json().get("items")) {
            if (candidate.get("appId").asString().equals("bandai-school-notice")
                    && candidate.get("status").asString().equals("ACTIVE")) {
                row = candidate;
            }
        }
        assertThat(row).isNotNull();
        assertThat(row.get("category").asString()).isEqualTo("resident-basic");
        assertThat(row.get("purpose").asString()).isEqualTo("notification");
        assertThat(row.get("count").asLong()).isGreaterThanOrEqualTo(1);
    }

    @Test
    void givenResidentToken_whenReadingAggregates_thenForbidden() {
        assertProblem(get("/v1/consent/aggregates", tokenFor(newResident())), 403, "insufficient-scope");
    }

    @Test
    void givenOperatorToken_whenCallingResidentEndpoints_thenForbiddenAndNoItemCreated() {
        assertProblem(get("/v1/me/consents", operatorToken()), 403, "insufficient-scope");
        assertProblem(postJson("/v1/me/consents", operatorToken(),
                "{\"appId\":\"bandai-school-notice\",\"category\":\"resident-basic\",\"purpose\":\"notification\"}"),
                403, "insufficient-scope");
        assertThat(footprint("OP-0001")).containsOnly(0L);
    }
}
