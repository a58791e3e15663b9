package org.tsunagu.id.pairwise;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.Date;
import java.util.List;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.tsunagu.id.IdServiceTestSupport;
import org.tsunagu.id.keys.SigningKeyStore;
import tools.jackson.databind.JsonNode;

class InternalApiTest extends IdServiceTestSupport {

    private static final String PATH = "/internal/v1/pairwise-subjects/aizu-vaccine-notebook/";

    @Autowired
    SigningKeyStore keys;

    @Autowired
    PairwiseSubjects subjects;

    private String gatewayToken(String scope) {
        return http().json(http().clientCredentials("tsunagu-gateway", "gateway-dev-secret", scope))
                .get("access_token").asString();
    }

    private void assertProblem(HttpResponse<String> response, int status, String type) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                ct -> assertThat(ct).startsWith("application/problem+json"));
        JsonNode problem = http().json(response);
        assertThat(problem.get("type").asString()).isEqualTo(type);
        assertThat(problem.get("status").asInt()).isEqualTo(status);
        assertThat(problem.get("title").asString()).isNotBlank();
        assertThat(response.body()).doesNotContain("Exception", "at org.");
    }

    @Test
    void givenNoToken_whenResolving_thenUnauthorizedProblem() {
        HttpResponse<String> response = http().get(PATH + "anything");

        assertProblem(response, 401, "urn:tsunagu:problem:invalid-token");
        assertThat(response.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).startsWith("Bearer"));
    }

    @Test
    void givenAnAppToken_whenResolving_thenUnauthorizedProblemBecauseTheAudienceIsWrong() {
        String appToken = http().json(http().clientCredentials("aizu-vaccine-notebook", "vaccine-notebook-demo-secret", null))
                .get("access_token").asString();

        assertProblem(http().get(PATH + "anything", "Authorization", "Bearer " + appToken),
                401, "urn:tsunagu:problem:invalid-token");
    }

    @Test
    void givenAGatewayTokenWithoutPairwiseScope_whenResolving_thenForbiddenProblem() {
        assertProblem(http().get(PATH + "anything", "Authorization", "Bearer " + gatewayToken("connector.query")),
                403, "urn:tsunagu:problem:insufficient-scope");
    }

    @Test
    void givenAnUnknownSub_whenResolving_thenSubjectUnknownProblem() {
        assertProblem(http().get(PATH + "not-a-known-sub", "Authorization", "Bearer " + gatewayToken("pairwise.resolve")),
                404, "urn:tsunagu:problem:subject-unknown");
    }

    @Test
    void givenASubIssuedToAnotherApp_whenResolvedForThisApp_thenSubjectUnknown() {
        String schoolSub = subjects.issue("bandai-school-notice", "RID-0002");

        assertProblem(http().get(PATH + schoolSub, "Authorization", "Bearer " + gatewayToken("pairwise.resolve")),
                404, "urn:tsunagu:problem:subject-unknown");
    }

    @Test
    void givenAnExpiredToken_whenResolving_thenUnauthorizedProblem() throws Exception {
        String token = mint(keys.currentKey(), "http://localhost:9000", Instant.now().minusSeconds(3600));

        assertProblem(http().get(PATH + "x", "Authorization", "Bearer " + token), 401, "urn:tsunagu:problem:invalid-token");
    }

    @Test
    void givenATokenSignedByAnotherKey_whenResolving_thenUnauthorizedProblem() throws Exception {
        RSAKey foreign = new RSAKeyGenerator(2048).keyID(keys.currentKey().getKeyID()).generate();
        String token = mint(foreign, "http://localhost:9000", Instant.now().plusSeconds(300));

        assertProblem(http().get(PATH + "x", "Authorization", "Bearer " + token), 401, "urn:tsunagu:problem:invalid-token");
    }

    @Test
    void givenATokenFromAnotherIssuer_whenResolving_thenUnauthorizedProblem() throws Exception {
        String token = mint(keys.currentKey(), "http://evil.example", Instant.now().plusSeconds(300));

        assertProblem(http().get(PATH + "x", "Authorization", "Bearer " + token), 401, "urn:tsunagu:problem:invalid-token");
    }

    @Test
    void givenAValidGatewayToken_whenPostingInsteadOfGetting_thenMethodNotAllowedProblem() {
        HttpResponse<String> response = http().postForm(PATH + "x", java.util.Map.of(),
                "Authorization", "Bearer " + gatewayToken("pairwise.resolve"));

        assertProblem(response, 405, "urn:tsunagu:problem:method-not-allowed");
    }

    @Test
    void givenAResidentNeverSeenByTheApp_whenLookingUpTheirSub_thenItIsComputedRecordedAndResolvable() {
        String token = "Bearer " + gatewayToken("pairwise.resolve");

        HttpResponse<String> response = http().get(
                "/internal/v1/residents/RID-0003/pairwise-subjects/aizu-vaccine-notebook", "Authorization", token);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode body = http().json(response);
        String sub = body.get("sub").asString();
        assertThat(sub).isEqualTo(subjects.issue("aizu-vaccine-notebook", "RID-0003")).isNotEqualTo("RID-0003");
        assertThat(body.get("residentId").asString()).isEqualTo("RID-0003");
        assertThat(body.get("clientId").asString()).isEqualTo("aizu-vaccine-notebook");
        assertThat(http().json(http().get(PATH + sub, "Authorization", token)).get("residentId").asString())
                .isEqualTo("RID-0003");
    }

    @Test
    void givenAnUnknownResidentOrApp_whenLookingUpTheirSub_thenSubjectUnknown() {
        String token = "Bearer " + gatewayToken("pairwise.resolve");

        assertProblem(http().get("/internal/v1/residents/RID-9999/pairwise-subjects/aizu-vaccine-notebook",
                "Authorization", token), 404, "urn:tsunagu:problem:subject-unknown");
        assertProblem(http().get("/internal/v1/residents/RID-0001/pairwise-subjects/no-such-app",
                "Authorization", token), 404, "urn:tsunagu:problem:subject-unknown");
    }

    @Test
    void givenNoPairwiseScope_whenLookingUpASub_thenForbiddenProblem() {
        assertProblem(http().get("/internal/v1/residents/RID-0001/pairwise-subjects/aizu-vaccine-notebook",
                "Authorization", "Bearer " + gatewayToken("connector.query")), 403, "urn:tsunagu:problem:insufficient-scope");
    }

    private static String mint(RSAKey key, String issuer, Instant expiry) throws Exception {
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .issuer(issuer)
                .subject("tsunagu-gateway")
                .audience(List.of("urn:tsunagu:id-service"))
                .claim("scope", List.of("pairwise.resolve"))
                .claim("client_id", "tsunagu-gateway")
                .issueTime(Date.from(expiry.minusSeconds(300)))
                .expirationTime(Date.from(expiry))
                .build();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID())
                .type(JOSEObjectType.JWT).build(), claims);
        jwt.sign(new RSASSASigner(key));
        return jwt.serialize();
    }
}
