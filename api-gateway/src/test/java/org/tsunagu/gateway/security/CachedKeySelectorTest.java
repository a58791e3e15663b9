package org.tsunagu.gateway.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;

import org.junit.jupiter.api.Test;

class CachedKeySelectorTest {

    private final List<JWKSet> published = new ArrayList<>();
    private final JWKSource<SecurityContext> source = (selector, context) -> selector.select(published.get(published.size() - 1));
    private final CachedKeySelector selector = new CachedKeySelector(
            new JWSVerificationKeySelector<>(Set.of(JWSAlgorithm.RS256), source));

    @Test
    void givenTheSameKid_whenSelectedTwice_thenTheConvertedKeyIsReusedAndEqualsTheJwk() throws Exception {
        RSAKey key = new RSAKeyGenerator(2048).keyID("k1").generate().toPublicJWK();
        published.add(new JWKSet(key));
        JWSHeader header = new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("k1").build();

        var first = selector.selectJWSKeys(header, null);
        var second = selector.selectJWSKeys(header, null);

        assertThat(first).hasSize(1);
        assertThat(second.get(0)).isSameAs(first.get(0));
        assertThat(first.get(0)).isEqualTo(key.toRSAPublicKey());
    }

    @Test
    void givenARotatedKey_whenANewKidArrives_thenItsKeyIsSelectedAndAnUnknownKidSelectsNothing() throws Exception {
        RSAKey old = new RSAKeyGenerator(2048).keyID("old").generate().toPublicJWK();
        RSAKey fresh = new RSAKeyGenerator(2048).keyID("new").generate().toPublicJWK();
        published.add(new JWKSet(List.of(old, fresh)));

        List<java.security.Key> selected = new ArrayList<>(
                selector.selectJWSKeys(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("new").build(), null));
        assertThat(selected).containsExactly(fresh.toRSAPublicKey());
        assertThat(selector.selectJWSKeys(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("gone").build(), null))
                .isEmpty();
    }

    @Test
    void givenAnAlgorithmThatIsNotAllowed_whenSelecting_thenNoKeyIsOffered() throws Exception {
        published.add(new JWKSet(new RSAKeyGenerator(2048).keyID("k1").generate().toPublicJWK()));

        assertThat(selector.selectJWSKeys(new JWSHeader.Builder(JWSAlgorithm.RS512).keyID("k1").build(), null)).isEmpty();
        assertThat(selector.selectJWSKeys(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID("k1").build(), null)).isEmpty();
    }
}
