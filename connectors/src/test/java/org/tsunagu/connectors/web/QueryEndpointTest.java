package org.tsunagu.connectors.web;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.notFound;
import static com.github.tomakehurst.wiremock.client.WireMock.serverError;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;

import com.github.tomakehurst.wiremock.http.Fault;
import org.junit.jupiter.api.Test;
import org.tsunagu.connectors.ConnectorsSpringTest;
import org.tsunagu.connectors.Fixtures;
import org.tsunagu.connectors.TestTokens;

import tools.jackson.databind.JsonNode;

class QueryEndpointTest extends ConnectorsSpringTest {

    private static final String HEALTH_HANAKO = "/health/api/v1/patients/HK-20571/vaccinations";
    private static final String REGISTRY_HANAKO = "/registry/api/v1/residents/JK-07-0042";

    private static void municipal(String path, String fixture) {
        WIREMOCK.stubFor(get(urlEqualTo(path)).willReturn(aResponse()
                .withHeader("Content-Type", "application/json")
                .withBody(Fixtures.read(fixture))));
    }

    @Test
    void givenLinkedResident_whenVaccinationRecordsQueried_thenCanonicalRecordsWithoutSensitiveFields() {
        municipal(HEALTH_HANAKO, "/municipal/health-HK-20571.json");

        HttpResponse<String> response = call("GET", "/v1/residents/RID-0001/vaccination-records",
                TestTokens.gateway(issuer()), "corr-123");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("X-Correlation-Id")).contains("corr-123");
        JsonNode body = json(response);
        assertThat(body.path("residentId").asString()).isEqualTo("RID-0001");
        assertThat(body.path("category").asString()).isEqualTo("vaccination-records");
        assertThat(body.path("source").asString()).isEqualTo("health");
        JsonNode first = body.path("vaccinationRecords").path("records").get(0);
        assertThat(first.path("vaccine").asString()).isEqualTo("インフルエンザHA");
        assertThat(first.path("vaccineCode").asString()).isEqualTo("FLU");
        assertThat(first.path("doseNumber").asInt()).isEqualTo(1);
        assertThat(first.path("administeredOn").asString()).isEqualTo("2025-11-04");
        assertThat(first.path("facility").asString()).isEqualTo("会津若松市 北会津診療所");
        assertThat(body.path("vaccinationRecords").path("records").size()).isEqualTo(2);
        assertThat(response.body()).doesNotContain("会津 花子", "東栄町", "07-123456", "FL-2511-03", "佐藤 一郎",
                "patient", "lot", "doctor", "insurance");
        WIREMOCK.verify(getRequestedFor(urlEqualTo(HEALTH_HANAKO)).withHeader("X-Correlation-Id", equalTo("corr-123")));
    }

    @Test
    void givenLinkedResident_whenResidentBasicQueried_thenCanonicalBasicWithoutMyNumberOrHousehold() {
        municipal(REGISTRY_HANAKO, "/municipal/registry-JK-07-0042.json");

        HttpResponse<String> response = httpGet("/v1/residents/RID-0001/resident-basic", TestTokens.gateway(issuer()));

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode body = json(response);
        assertThat(body.path("source").asString()).isEqualTo("registry");
        assertThat(body.path("category").asString()).isEqualTo("resident-basic");
        JsonNode basic = body.path("residentBasic");
        assertThat(basic.path("familyName").asString()).isEqualTo("会津");
        assertThat(basic.path("givenName").asString()).isEqualTo("花子");
        assertThat(basic.path("familyNameKana").asString()).isEqualTo("アイヅ");
        assertThat(basic.path("givenNameKana").asString()).isEqualTo("ハナコ");
        assertThat(basic.path("birthDate").asString()).isEqualTo("1948-03-15");
        assertThat(basic.path("municipality").asString()).isEqualTo("aizuwakamatsu");
        assertThat(basic.path("address").path("postalCode").asString()).isEqualTo("965-0872");
        assertThat(basic.path("address").path("prefecture").asString()).isEqualTo("福島県");
        assertThat(basic.path("address").path("city").asString()).isEqualTo("会津若松市");
        assertThat(basic.path("address").path("line").asString()).isEqualTo("東栄町3-46");
        assertThat(response.body()).doesNotContain("123456789012", "会津 一郎", "妻", "my_number", "setai", "zokugara");
        WIREMOCK.verify(getRequestedFor(urlEqualTo(REGISTRY_HANAKO)).withHeader("X-Correlation-Id", equalTo(
                response.headers().firstValue("X-Correlation-Id").orElseThrow())));
    }

    @Test
    void givenResidentNotLinkedToRegistry_whenResidentBasicQueried_then404NotFound() {
        HttpResponse<String> response = httpGet("/v1/residents/RID-0002/resident-basic", TestTokens.gateway(issuer()));

        assertProblem(response, 404, "urn:tsunagu:problem:not-found");
        assertThat(WIREMOCK.findAll(getRequestedFor(urlEqualTo("/registry/api/v1/residents/JK-11-0918")))).isEmpty();
    }

    @Test
    void givenUnknownResident_whenQueried_then404NotFound() {
        assertProblem(httpGet("/v1/residents/RID-NOPE/vaccination-records", TestTokens.gateway(issuer())),
                404, "urn:tsunagu:problem:not-found");
    }

    @Test
    void givenMunicipal404_whenQueried_then404NotFound() {
        WIREMOCK.stubFor(get(urlEqualTo("/health/api/v1/patients/HK-GONE/vaccinations")).willReturn(notFound()));

        assertProblem(httpGet("/v1/residents/RID-0009/vaccination-records", TestTokens.gateway(issuer())),
                404, "urn:tsunagu:problem:not-found");
    }

    @Test
    void givenMunicipal500_whenQueried_then503UpstreamUnavailable() {
        WIREMOCK.stubFor(get(urlEqualTo(HEALTH_HANAKO)).willReturn(serverError().withBody("java.lang.Boom at x.y")));

        HttpResponse<String> response = httpGet("/v1/residents/RID-0001/vaccination-records", TestTokens.gateway(issuer()));

        assertProblem(response, 503, "urn:tsunagu:problem:upstream-unavailable");
        assertThat(response.body()).doesNotContain("Boom");
    }

    @Test
    void givenMunicipalSlowerThanReadTimeout_whenQueried_then503UpstreamUnavailable() {
        WIREMOCK.stubFor(get(urlEqualTo(HEALTH_HANAKO)).willReturn(aResponse()
                .withHeader("Content-Type", "application/json")
                .withBody(Fixtures.read("/municipal/health-HK-20571.json"))
                .withFixedDelay(1500)));

        assertProblem(httpGet("/v1/residents/RID-0001/vaccination-records", TestTokens.gateway(issuer())),
                503, "urn:tsunagu:problem:upstream-unavailable");
    }

    @Test
    void givenMunicipalConnectionReset_whenQueried_then503UpstreamUnavailable() {
        WIREMOCK.stubFor(get(urlEqualTo(REGISTRY_HANAKO)).willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));

        assertProblem(httpGet("/v1/residents/RID-0001/resident-basic", TestTokens.gateway(issuer())),
                503, "urn:tsunagu:problem:upstream-unavailable");
    }

    @Test
    void givenMalformedMunicipalJson_whenQueried_then503UpstreamUnavailable() {
        WIREMOCK.stubFor(get(urlEqualTo(REGISTRY_HANAKO)).willReturn(aResponse()
                .withHeader("Content-Type", "application/json").withBody("{\"shimei\": [oops")));

        assertProblem(httpGet("/v1/residents/RID-0001/resident-basic", TestTokens.gateway(issuer())),
                503, "urn:tsunagu:problem:upstream-unavailable");
    }

    @Test
    void givenMunicipalJsonMissingRequiredField_whenQueried_then503UpstreamUnavailable() {
        WIREMOCK.stubFor(get(urlEqualTo(REGISTRY_HANAKO)).willReturn(aResponse()
                .withHeader("Content-Type", "application/json").withBody("{\"shichoson_code\": \"072028\"}")));

        assertProblem(httpGet("/v1/residents/RID-0001/resident-basic", TestTokens.gateway(issuer())),
                503, "urn:tsunagu:problem:upstream-unavailable");
    }

    @Test
    void givenUnknownCategory_whenQueried_then400BadRequest() {
        assertProblem(httpGet("/v1/residents/RID-0001/tax-records", TestTokens.gateway(issuer())),
                400, "urn:tsunagu:problem:bad-request");
    }

    @Test
    void givenUnknownPath_whenCalled_then404Problem() {
        assertProblem(httpGet("/v1/nothing-here", TestTokens.gateway(issuer())), 404, "urn:tsunagu:problem:not-found");
    }

    @Test
    void givenWrongMethod_whenCalled_then405Problem() {
        assertProblem(call("POST", "/v1/residents/RID-0001/resident-basic", TestTokens.gateway(issuer()), null),
                405, "urn:tsunagu:problem:method-not-allowed");
    }

    @Test
    void givenOverlongResidentId_whenQueried_then400BadRequest() {
        assertProblem(httpGet("/v1/residents/" + "R".repeat(65) + "/resident-basic", TestTokens.gateway(issuer())),
                400, "urn:tsunagu:problem:bad-request");
    }

    static void assertProblem(HttpResponse<String> response, int status, String type) {
        assertThat(response.statusCode()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                contentType -> assertThat(contentType).startsWith("application/problem+json"));
        JsonNode body = json(response);
        assertThat(body.path("type").asString()).isEqualTo(type);
        assertThat(body.path("status").asInt()).isEqualTo(status);
        assertThat(body.path("title").asString()).isNotBlank();
        assertThat(body.path("correlationId").asString()).isNotBlank();
        assertThat(response.body()).doesNotContain("Exception", "\tat ", "trace");
    }
}
