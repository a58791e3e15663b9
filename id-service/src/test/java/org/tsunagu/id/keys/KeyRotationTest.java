package org.tsunagu.id.keys;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;

import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.tsunagu.id.IdServiceTestSupport;

/** Rotation never logs anyone out: tokens of the old key stay verifiable through JWKS. */
class KeyRotationTest extends IdServiceTestSupport {

    @Autowired
    SigningKeys keys;
    @Autowired
    SigningKeyStore store;

    private SignedJWT gatewayToken() throws Exception {
        return SignedJWT.parse(http().json(http().clientCredentials("tsunagu-gateway", "gateway-dev-secret", "pairwise.resolve"))
                .get("access_token").asString());
    }

    @Test
    void givenATokenSignedBeforeRotation_whenTheKeyRotates_thenItStillValidatesAndNewTokensUseTheNewKid() throws Exception {
        SignedJWT before = gatewayToken();

        String newKid = keys.rotateNow();
        SignedJWT after = gatewayToken();

        assertThat(after.getHeader().getKeyID()).isEqualTo(newKid).isNotEqualTo(before.getHeader().getKeyID());
        JWKSet jwks = JWKSet.parse(http().get("/oauth2/jwks").body());
        assertThat(jwks.getKeyByKeyId(before.getHeader().getKeyID())).as("old key still published").isNotNull();
        assertThat(jwks.getKeyByKeyId(before.getHeader().getKeyID()).isPrivate()).isFalse();
        assertThat(before.verify(new RSASSAVerifier(jwks.getKeyByKeyId(before.getHeader().getKeyID()).toRSAKey()))).isTrue();
        assertThat(after.verify(new RSASSAVerifier(jwks.getKeyByKeyId(newKid).toRSAKey()))).isTrue();
        assertThat(http().get("/internal/v1/pairwise-subjects/x/y", "Authorization", "Bearer " + before.serialize())
                .statusCode()).as("the old token is still accepted by the service itself").isEqualTo(404);
    }

    @Test
    void givenTheRotationPeriod_whenItHasNotPassed_thenNoRotation_andWhenItHas_thenANewKeySigns() {
        String kid = keys.currentKeyId();
        Instant since = store.currentKeySince();

        assertThat(keys.rotateIfDue(since.plus(Duration.ofDays(29)))).isFalse();
        assertThat(keys.currentKeyId()).isEqualTo(kid);
        assertThat(keys.rotateIfDue(since.plus(Duration.ofDays(30)))).isTrue();
        assertThat(keys.currentKeyId()).isNotEqualTo(kid);
    }
}
