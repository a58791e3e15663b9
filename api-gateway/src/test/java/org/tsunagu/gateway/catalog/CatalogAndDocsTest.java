package org.tsunagu.gateway.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.tsunagu.gateway.GatewayTestSupport;

import tools.jackson.databind.JsonNode;

/** The public catalog, the served spec and the docs page need no token. */
class CatalogAndDocsTest extends GatewayTestSupport {

    @Test
    void givenNoToken_whenReadingTheCatalog_thenEveryCategoryWithSchemaExampleAndPurposes() {
        Answer answer = call("GET", "/v1/categories", null, Map.of());

        assertThat(answer.status()).isEqualTo(200);
        JsonNode categories = answer.json().path("categories");
        assertThat(categories.size()).isEqualTo(2);
        JsonNode vaccination = categories.get(0);
        assertThat(vaccination.path("category").asString()).isEqualTo("vaccination-records");
        assertThat(vaccination.path("schema").path("properties").path("records").path("items").path("properties")
                .has("administeredOn")).isTrue();
        assertThat(vaccination.path("example").path("vaccinationRecords").path("records").size()).isEqualTo(1);
        assertThat(vaccination.path("purposes").toString()).contains("service-provision", "notification");
        JsonNode basic = categories.get(1);
        assertThat(basic.path("schema").path("properties").path("address").path("properties").has("postalCode"))
                .isTrue();
        assertThat(answer.json().path("eventTypes").toString()).contains("vaccination-due", "address-changed");
    }

    @Test
    void givenNoToken_whenOpeningTheDocs_thenTheSpecAndSwaggerUiAreServedLocally() {
        Answer spec = call("GET", "/openapi/gateway.yaml", null, Map.of());
        Answer page = call("GET", "/docs/index.html", null, Map.of());
        Answer script = call("GET", "/webjars/swagger-ui/5.27.1/swagger-ui-bundle.js", null, Map.of());
        Answer redirect = call("GET", "/docs", null, Map.of());

        assertThat(spec.status()).isEqualTo(200);
        assertThat(spec.body()).contains("/v1/me/{category}", "/v1/categories");
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).contains("swagger-ui-bundle.js").doesNotContain("https://");
        assertThat(script.status()).isEqualTo(200);
        assertThat(redirect.status()).isEqualTo(302);
        assertThat(redirect.header("Location")).endsWith("/docs/index.html");
    }
}
