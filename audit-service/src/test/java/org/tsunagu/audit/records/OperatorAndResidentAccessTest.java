package org.tsunagu.audit.records;

import static org.assertj.core.api.Assertions.assertThat;
import static org.tsunagu.audit.web.ProblemAssertions.assertProblem;

import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.tsunagu.audit.ChainFixtures;
import org.tsunagu.audit.TestTokens;
import org.tsunagu.contracts.events.AccessRecord;
import org.tsunagu.contracts.events.AccessRecord.DecisionEnum;

import tools.jackson.databind.JsonNode;

/** Who reaches which records: residents their own (filtered, exported), operators all, apps nothing. */
class OperatorAndResidentAccessTest extends ChainFixtures {

    @Autowired
    private JdbcClient jdbc;

    private static List<String> ids(JsonNode items) {
        List<String> ids = new ArrayList<>();
        items.forEach(item -> ids.add(item.has("recordId") ? item.path("recordId").asString()
                : item.path("entryId").asString()));
        return ids;
    }

    @Test
    void givenRecordsOfTwoApps_whenResidentFiltersByAppAndCategory_thenOnlyMatchingOwnRecords() {
        String resident = newResident();
        AccessRecord kenko = allowed(resident);
        AccessRecord other = record(resident, "app-other", "resident-basic", DecisionEnum.DENIED, "consent-required");
        AccessRecord foreign = allowed(newResident());
        publishAndAwait(jdbc, kenko, other, foreign);
        String token = TestTokens.resident(issuer(), resident);

        JsonNode all = json(httpGet("/v1/me/access-log", token)).path("items");
        JsonNode byApp = json(httpGet("/v1/me/access-log/search?appId=app-other", token)).path("items");
        JsonNode byCategory = json(httpGet("/v1/me/access-log/search?category=vaccination-records", token)).path("items");

        assertThat(ids(all)).containsExactlyInAnyOrder(kenko.getRecordId().toString(), other.getRecordId().toString());
        assertThat(ids(byApp)).containsExactly(other.getRecordId().toString());
        assertThat(ids(byCategory)).containsExactly(kenko.getRecordId().toString());
        assertThat(all.get(0).has("appOperator") || all.get(1).has("appOperator")).isTrue();
    }

    @Test
    void givenTimeWindow_whenResidentFilters_thenOnlyRecordsInside() {
        String resident = newResident();
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        AccessRecord old = allowed(resident).occurredAt(now.minusDays(10));
        AccessRecord recent = allowed(resident).occurredAt(now.minusMinutes(1));
        publishAndAwait(jdbc, old, recent);
        String from = URLEncoder.encode(now.minusDays(1).toString(), StandardCharsets.UTF_8);

        JsonNode items = json(httpGet("/v1/me/access-log/search?from=" + from, TestTokens.resident(issuer(), resident)))
                .path("items");

        assertThat(ids(items)).containsExactly(recent.getRecordId().toString());
    }

    @Test
    void givenResident_whenExportingCsvAndJson_thenOwnRecordsOnly() {
        String resident = newResident();
        AccessRecord own = allowed(resident);
        AccessRecord foreign = allowed(newResident());
        publishAndAwait(jdbc, own, foreign);
        String token = TestTokens.resident(issuer(), resident);

        HttpResponse<String> csv = httpGet("/v1/me/access-log/export?format=csv", token);
        HttpResponse<String> jsonExport = httpGet("/v1/me/access-log/export?format=json", token);

        assertThat(csv.statusCode()).isEqualTo(200);
        assertThat(csv.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/csv");
        assertThat(csv.body()).startsWith("recordId,occurredAt,appId,appOperator,category")
                .contains(own.getRecordId().toString()).doesNotContain(foreign.getRecordId().toString());
        assertThat(ids(json(jsonExport).path("items"))).containsExactly(own.getRecordId().toString());
        assertProblem(httpGet("/v1/me/access-log/export?format=xml", token), 400, "urn:tsunagu:problem:bad-request");
    }

    @Test
    void givenOperator_whenSearchingByResidentAndDecision_thenPagedMatches() {
        String resident = newResident();
        AccessRecord allowed = allowed(resident);
        AccessRecord denied = record(resident, "app-kenko", "vaccination-records", DecisionEnum.DENIED,
                "consent-revoked");
        publishAndAwait(jdbc, allowed, denied);

        HttpResponse<String> response = httpGet("/v1/audit/records?residentId=" + resident + "&decision=DENIED",
                operatorToken());

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode page = json(response);
        assertThat(page.path("total").asLong()).isEqualTo(1);
        assertThat(ids(page.path("items"))).containsExactly(denied.getRecordId().toString());
        assertThat(page.path("items").get(0).path("reason").asString()).isEqualTo("consent-revoked");
        assertThat(page.path("items").get(0).path("hash").asString()).hasSize(64);
        assertThat(json(httpGet("/v1/audit/records?residentId=" + resident + "&size=1&page=1", operatorToken()))
                .path("items").size()).isEqualTo(1);
        assertProblem(httpGet("/v1/audit/records?decision=MAYBE", operatorToken()), 400,
                "urn:tsunagu:problem:bad-request");
        assertProblem(httpGet("/v1/audit/records?size=0", operatorToken()), 400, "urn:tsunagu:problem:bad-request");
    }

    @Test
    void givenOperator_whenExporting_thenCsvAndJsonOfMatches() {
        String resident = newResident();
        AccessRecord r = allowed(resident);
        publishAndAwait(jdbc, r);

        HttpResponse<String> csv = httpGet("/v1/audit/records/export?format=csv&residentId=" + resident,
                operatorToken());
        HttpResponse<String> jsonExport = httpGet("/v1/audit/records/export?residentId=" + resident,
                operatorToken());

        assertThat(csv.body()).startsWith("sequence,entryId,kind").contains(r.getRecordId().toString())
                .contains(APP_KENKO_OPERATOR);
        assertThat(ids(json(jsonExport))).containsExactly(r.getRecordId().toString());
    }

    @Test
    void givenResidentToken_whenOperatorEndpointsCalled_then403Problem() {
        String token = TestTokens.resident(issuer(), newResident());

        for (String path : List.of("/v1/audit/records", "/v1/audit/records/export", "/v1/audit/verification",
                "/v1/audit/chain")) {
            assertProblem(httpGet(path, token), 403, "urn:tsunagu:problem:insufficient-scope");
        }
        assertProblem(call("POST", "/v1/audit/checkpoints", token), 403, "urn:tsunagu:problem:insufficient-scope");
    }

    @Test
    void givenOperatorToken_whenResidentEndpointCalled_then403Problem() {
        assertProblem(httpGet("/v1/me/access-log", operatorToken()), 403, "urn:tsunagu:problem:insufficient-scope");
    }

    @Test
    void givenAppToken_whenAnyEndpointCalled_then401Problem() {
        String token = TestTokens.app(issuer(), "app-kenko");

        for (String path : List.of("/v1/me/access-log", "/v1/me/access-log/search", "/v1/me/access-log/export",
                "/v1/audit/records",
                "/v1/audit/verification", "/v1/audit/chain")) {
            assertProblem(httpGet(path, token), 401, "urn:tsunagu:problem:invalid-token");
        }
    }

    @Test
    void givenNoToken_whenKeysRead_thenPublicJwksWithoutPrivateParts() {
        HttpResponse<String> response = httpGet("/v1/audit/keys", null);

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode key = json(response).path("keys").get(0);
        assertThat(key.path("kty").asString()).isEqualTo("RSA");
        assertThat(key.has("d")).isFalse();
        assertThat(key.path("kid").asString()).startsWith("audit-");
    }
}
