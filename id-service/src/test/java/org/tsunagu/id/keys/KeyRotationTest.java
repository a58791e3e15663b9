package org.tsunagu.id.keys;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.tsunagu.id.IdServiceTestSupport;
import org.tsunagu.id.keys.SigningKeyStore.Step;

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

    private List<String> publishedKids() throws Exception {
        return JWKSet.parse(http().get("/oauth2/jwks").body()).getKeys().stream().map(JWK::getKeyID).toList();
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
    void givenTheRotationPeriod_whenItHasNotPassed_thenNoRotation_andWhenItHas_thenTheKeyPublishedAheadSigns() throws Exception {
        String kid = keys.currentKeyId();
        Instant since = store.currentKeySince();
        Instant publishing = since.plus(Duration.ofDays(30)).minus(Duration.ofMinutes(10)); // period less publish-ahead

        assertThat(keys.checkRotation(since.plus(Duration.ofDays(29)))).isEqualTo(Step.NONE);
        List<String> before = publishedKids();
        assertThat(keys.checkRotation(publishing)).isEqualTo(Step.PUBLISHED_NEXT);
        assertThat(keys.currentKeyId()).as("published, not signing yet").isEqualTo(kid);
        List<String> added = new ArrayList<>(publishedKids());
        added.removeAll(before);
        assertThat(added).as("served at /oauth2/jwks").hasSize(1);
        String next = added.get(0);
        assertThat(keys.checkRotation(publishing.plus(Duration.ofMinutes(9)))).isEqualTo(Step.NONE);
        assertThat(keys.checkRotation(since.plus(Duration.ofDays(30)))).isEqualTo(Step.NEXT_SIGNS);
        assertThat(keys.currentKeyId()).isEqualTo(next);
        assertThat(gatewayToken().getHeader().getKeyID()).isEqualTo(next);
    }
}
