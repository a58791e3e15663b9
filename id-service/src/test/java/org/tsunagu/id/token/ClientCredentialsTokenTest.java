package org.tsunagu.id.token;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.Test;
import org.tsunagu.id.IdServiceTestSupport;

class ClientCredentialsTokenTest extends IdServiceTestSupport {

    @Test
    void givenAnApp_whenItUsesClientCredentials_thenTheTokenIsForTheGatewayAndSignedWithThePublishedKey() throws Exception {
        HttpResponse<String> response = http().clientCredentials("aizu-vaccine-notebook", "vaccine-notebook-demo-secret", null);

        assertThat(response.statusCode()).isEqualTo(200);
        SignedJWT jwt = Jwts.parse(http().json(response).get("access_token").asString());
        assertThat(jwt.getHeader().getAlgorithm()).isEqualTo(JWSAlgorithm.RS256);
        assertThat(jwt.getJWTClaimsSet().getAudience()).containsExactly("urn:tsunagu:api-gateway");
        assertThat(jwt.getJWTClaimsSet().getStringClaim("client_id")).isEqualTo("aizu-vaccine-notebook");
        assertThat(jwt.getJWTClaimsSet().getSubject()).isEqualTo("aizu-vaccine-notebook");
        assertThat(jwt.getJWTClaimsSet().getIssuer()).isEqualTo(ISSUER);
        assertThat(jwt.getJWTClaimsSet().getExpirationTime().getTime() - jwt.getJWTClaimsSet().getIssueTime().getTime())
                .isEqualTo(300_000L);

        JWKSet jwks = JWKSet.parse(http().get("/oauth2/jwks").body());
        RSAKey key = (RSAKey) jwks.getKeyByKeyId(jwt.getHeader().getKeyID());
        assertThat(key).isNotNull();
        assertThat(key.isPrivate()).isFalse();
        assertThat(jwt.verify(new RSASSAVerifier(key))).isTrue();
    }

    @Test
    void givenTheGateway_whenItUsesClientCredentials_thenTheTokenIsForIdServiceAndConnectors() throws Exception {
        HttpResponse<String> response = http().clientCredentials("tsunagu-gateway", "gateway-dev-secret", "pairwise.resolve connector.query");

        assertThat(response.statusCode()).isEqualTo(200);
        SignedJWT jwt = Jwts.parse(http().json(response).get("access_token").asString());
        assertThat(jwt.getJWTClaimsSet().getAudience())
                .containsExactlyInAnyOrder("urn:tsunagu:id-service", "urn:tsunagu:connectors");
        assertThat(jwt.getJWTClaimsSet().getStringClaim("client_id")).isEqualTo("tsunagu-gateway");
        assertThat(jwt.getJWTClaimsSet().getSubject()).isEqualTo("tsunagu-gateway");
        assertThat(jwt.getJWTClaimsSet().getStringListClaim("scope"))
                .containsExactlyInAnyOrder("pairwise.resolve", "connector.query");
    }

    @Test
    void givenAWrongClientSecret_whenATokenIsRequested_thenItIsRefusedWithAnOAuthError() {
        HttpResponse<String> response = http().clientCredentials("aizu-vaccine-notebook", "wrong", null);

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(http().json(response).get("error").asString()).isEqualTo("invalid_client");
    }
}
