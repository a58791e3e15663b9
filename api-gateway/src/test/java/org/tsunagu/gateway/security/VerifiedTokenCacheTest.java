package org.tsunagu.gateway.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.JwtValidationException;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;

/** The verified-token cache: a hit skips only the signature check, never the claims' validation. */
class VerifiedTokenCacheTest {

    private static final String ISSUER = "http://localhost:9000";
    private static final RSAKey KEY = key("k1");
    private static final RSAKey OTHER_KEY = key("k1"); // same kid, not the published key: a forgery

    /** A clock the test moves; the validators and the cache read the same one. */
    private static final class MovableClock extends Clock {
        Instant now = Instant.now();

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }

    private final MovableClock clock = new MovableClock();
    private final AtomicInteger verifications = new AtomicInteger();
    private final OAuth2TokenValidator<Jwt> validator = validator();
    private final JwtDecoder verifier = verifier();
    private final VerifiedTokenCache cache = new VerifiedTokenCache(token -> {
        verifications.incrementAndGet();
        return verifier.decode(token);
    }, validator, Duration.ofSeconds(60), 3, clock);

    private static RSAKey key(String kid) {
        try {
            return new RSAKeyGenerator(2048).keyID(kid).generate();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private OAuth2TokenValidator<Jwt> validator() {
        JwtTimestampValidator timestamps = new JwtTimestampValidator(Duration.ofSeconds(5));
        timestamps.setClock(clock);
        return new DelegatingOAuth2TokenValidator<>(List.of(timestamps, new JwtIssuerValidator(ISSUER)));
    }

    private JwtDecoder verifier() {
        try {
            NimbusJwtDecoder decoder = NimbusJwtDecoder.withPublicKey(KEY.toRSAPublicKey()).build();
            decoder.setJwtValidator(validator);
            return decoder;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private String token(RSAKey signer, String subject, Duration lifetime) {
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(signer.getKeyID()).build(),
                    new JWTClaimsSet.Builder().issuer(ISSUER).subject(subject).issueTime(Date.from(clock.now))
                            .expirationTime(Date.from(clock.now.plus(lifetime))).build());
            jwt.sign(new RSASSASigner(signer));
            return jwt.serialize();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void givenTheSameToken_whenUsedAgain_thenItsSignatureIsNotVerifiedAgain() {
        String token = token(KEY, "app-1", Duration.ofMinutes(5));

        Jwt first = cache.decode(token);
        Jwt again = cache.decode(token);

        assertThat(again.getSubject()).isEqualTo("app-1");
        assertThat(again).isSameAs(first);
        assertThat(verifications).hasValue(1);
    }

    @Test
    void givenACachedToken_whenItExpires_thenItIsRefusedAsWithoutTheCache() {
        String token = token(KEY, "app-1", Duration.ofSeconds(30));
        cache.decode(token);

        clock.now = clock.now.plusSeconds(20); // still valid: a hit
        assertThat(cache.decode(token).getSubject()).isEqualTo("app-1");
        clock.now = clock.now.plusSeconds(16); // past exp + 5 s skew

        assertThatThrownBy(() -> cache.decode(token)).isInstanceOf(JwtValidationException.class);
        assertThat(verifications).as("the entry ended at exp: checked in full again, and refused").hasValue(2);
        assertThat(cache.size()).isZero();
    }

    @Test
    void givenAForgedOrAlteredToken_whenPresented_thenItIsVerified_refused_andNeverCached() {
        String good = token(KEY, "app-1", Duration.ofMinutes(5));
        cache.decode(good);
        String forged = token(OTHER_KEY, "app-1", Duration.ofMinutes(5));
        // one character inside the signature, not its last: the last one's low bits are padding, and
        // changing only those (e.g. "…AB" to "…AA") leaves the signature bytes, and the token, as they were
        int at = good.length() - 10;
        String altered = good.substring(0, at) + (good.charAt(at) == 'A' ? 'B' : 'A') + good.substring(at + 1);

        assertThatThrownBy(() -> cache.decode(forged)).isInstanceOf(BadJwtException.class);
        assertThatThrownBy(() -> cache.decode(forged)).isInstanceOf(BadJwtException.class);
        assertThatThrownBy(() -> cache.decode(altered)).isInstanceOf(BadJwtException.class);
        assertThat(verifications).as("every presentation of a bad token is verified").hasValue(4);
        assertThat(cache.size()).isEqualTo(1);
    }

    @Test
    void givenALongLivedToken_whenTheCacheTimeHasPassed_thenItIsVerifiedAgain() {
        String token = token(KEY, "app-1", Duration.ofMinutes(10));
        cache.decode(token);

        clock.now = clock.now.plusSeconds(61);
        cache.decode(token);

        assertThat(verifications).hasValue(2);
    }

    @Test
    void givenMoreDistinctTokensThanItHolds_whenDecoded_thenTheCacheStaysBounded() {
        for (int i = 0; i < 10; i++) {
            cache.decode(token(KEY, "app-" + i, Duration.ofMinutes(5)));
            assertThat(cache.size()).isLessThanOrEqualTo(3);
        }
        assertThat(verifications).hasValue(10);
    }
}
