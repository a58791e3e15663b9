package org.tsunagu.id.authserver;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;

import org.junit.jupiter.api.Test;
import org.tsunagu.id.IdServiceTestSupport;
import tools.jackson.databind.JsonNode;

class DiscoveryTest extends IdServiceTestSupport {

    @Test
    void givenTheService_whenDiscoveryIsFetched_thenItNamesTheConfiguredIssuerAndPairwiseSubjects() {
        HttpResponse<String> response = http().get("/.well-known/openid-configuration");

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode doc = http().json(response);
        assertThat(doc.get("issuer").asString()).isEqualTo(ISSUER);
        assertThat(doc.get("jwks_uri").asString()).isEqualTo(ISSUER + "/oauth2/jwks");
        assertThat(doc.get("token_endpoint").asString()).isEqualTo(ISSUER + "/oauth2/token");
        assertThat(doc.get("userinfo_endpoint").asString()).isEqualTo(ISSUER + "/userinfo");
        assertThat(doc.get("subject_types_supported").values()).extracting(JsonNode::asString)
                .contains("public", "pairwise");
        assertThat(doc.get("code_challenge_methods_supported").values()).extracting(JsonNode::asString)
                .contains("S256");
        assertThat(doc.get("id_token_signing_alg_values_supported").values()).extracting(JsonNode::asString)
                .contains("RS256");
    }

    @Test
    void givenTheService_whenHealthIsFetched_thenItIsUp() {
        HttpResponse<String> response = http().get("/actuator/health/readiness");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("UP");
    }
}
