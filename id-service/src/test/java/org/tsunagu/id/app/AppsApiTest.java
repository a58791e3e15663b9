package org.tsunagu.id.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.tsunagu.id.IdServiceTestSupport;
import tools.jackson.databind.JsonNode;

class AppsApiTest extends IdServiceTestSupport {

    @Test
    void givenSeededApps_whenListed_thenAllAppsAreShownWithoutSecrets() {
        HttpResponse<String> response = http().get("/v1/apps");

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode items = http().json(response).get("items");
        assertThat(items.values()).extracting(app -> app.get("clientId").asString())
                // other tests in the shared context may have registered and approved more apps
                .contains("aizu-tourism", "aizu-vaccine-notebook", "bandai-school-notice").isSorted();
        assertThat(response.body()).doesNotContain("secret", "tsunagu-gateway", "tsunagu-portal");
    }

    @Test
    void givenAKnownApp_whenFetched_thenItsDirectoryEntryIsReturned() {
        HttpResponse<String> response = http().get("/v1/apps/aizu-vaccine-notebook");

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode app = http().json(response);
        assertThat(app.get("name").asString()).isEqualTo("会津ワクチン手帳");
        assertThat(app.get("operator").asString()).isEqualTo("会津デジタルヘルス合同会社");
        assertThat(app.get("municipality").asString()).isEqualTo("aizuwakamatsu");
        assertThat(app.get("categories").values()).extracting(JsonNode::asString)
                .containsExactly("vaccination-records", "resident-basic");
        assertThat(app.get("purposes").values()).extracting(JsonNode::asString)
                .containsExactly("service-provision", "notification");
    }

    @Test
    void givenAnUnknownApp_whenFetched_thenNotFoundProblem() {
        assertThat(http().get("/v1/apps/no-such-app").body()).contains("No app is registered");
        assertProblem(http().get("/v1/apps/no-such-app", "X-Correlation-Id", "corr-123"), 404, "urn:tsunagu:problem:not-found",
                "corr-123");
    }

    @Test
    void givenAnUnknownPath_whenFetched_thenNotFoundProblem() {
        assertProblem(http().get("/v1/nothing-here"), 404, "urn:tsunagu:problem:not-found", null);
    }

    @Test
    void givenAWrongMethod_whenPosting_thenMethodNotAllowedProblem() {
        assertProblem(http().postForm("/v1/apps", Map.of("a", "b")), 405, "urn:tsunagu:problem:method-not-allowed", null);
    }

    @Test
    void givenATooLongClientId_whenFetched_thenBadRequestProblem() {
        assertProblem(http().get("/v1/apps/" + "x".repeat(129)), 400, "urn:tsunagu:problem:bad-request", null);
    }

    private void assertProblem(HttpResponse<String> response, int status, String type, String correlationId) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                ct -> assertThat(ct).startsWith("application/problem+json"));
        JsonNode problem = http().json(response);
        assertThat(problem.get("type").asString()).isEqualTo(type);
        assertThat(problem.get("status").asInt()).isEqualTo(status);
        assertThat(problem.get("detail").asString()).isNotBlank();
        if (correlationId != null) {
            assertThat(problem.get("correlationId").asString()).isEqualTo(correlationId);
        }
    }
}
