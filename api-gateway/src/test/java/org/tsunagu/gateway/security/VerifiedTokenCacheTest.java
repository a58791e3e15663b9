package org.tsunagu.gateway.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
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
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.JwtValidationException;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;

/**
 * The verified-token cache: a hit skips only the signature check, never the claims' validation. The
 * connectors hold a copy of the class (ADR 0054) with the same tests; keep the two in step.
 */
class VerifiedTokenCacheTest {

    private static final String ISSUER = "http://localhost:9000";
    private static final RSAKey KEY = key("k1");
    private static final RSAKey OTHER_KEY = key("k1"); // same kid, not the published key: a forgery
    private static final String BASE64URL = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

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
    private final JwtDecoder counted = token -> {
        verifications.incrementAndGet();
        return verifier.decode(token);
    };
    private final VerifiedTokenCache cache = new VerifiedTokenCache(counted, validator, Duration.ofSeconds(60), 3, clock);

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
        return token(signer, subject, clock.now, clock.now.plus(lifetime));
    }

    private String token(RSAKey signer, String subject, Instant issued, Instant expires) {
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(signer.getKeyID()).build(),
                    new JWTClaimsSet.Builder().issuer(ISSUER).subject(subject).issueTime(Date.from(issued))
                            .expirationTime(Date.from(expires)).build());
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
        Jwt cached = cache.decode(good);
        String forged = token(OTHER_KEY, "app-1", Duration.ofMinutes(5));
        String[] parts = good.split("\\.");
        // the cached token's header and claims with the other key's signature (same key id)
        String grafted = parts[0] + "." + parts[1] + "." + forged.substring(forged.lastIndexOf('.') + 1);

        assertThatThrownBy(() -> cache.decode(forged)).isInstanceOf(BadJwtException.class);
        assertThatThrownBy(() -> cache.decode(forged)).isInstanceOf(BadJwtException.class);
        assertThatThrownBy(() -> cache.decode(grafted)).isInstanceOf(BadJwtException.class);
        // every character changed in turn, to one whose 6 bits differ in the highest: a different byte
        // even in a segment's last character, whose low bits may be padding
        int altered = 0;
        for (int at = 0; at < good.length(); at++) {
            char c = good.charAt(at);
            char other = c == '.' ? 'A' : BASE64URL.charAt(BASE64URL.indexOf(c) ^ 32);
            String token = good.substring(0, at) + other + good.substring(at + 1);
            assertThatThrownBy(() -> cache.decode(token)).as("changed at %d", at).isInstanceOf(JwtException.class);
            altered++;
        }

        assertThat(verifications).as("every presentation of a bad token is verified").hasValue(1 + 3 + altered);
        assertThat(cache.size()).isEqualTo(1);
        assertThat(cache.decode(good)).isSameAs(cached);
    }

    @Test
    void givenACachedToken_atEverySecondOfItsLifeAndAfter_thenTheCacheAnswersAsTheDecoderAlone() {
        clock.now = clock.now.truncatedTo(ChronoUnit.SECONDS); // exp is in whole seconds
        String fresh = token(KEY, "fresh", Duration.ofSeconds(30));
        // expired 2 s ago, still inside the 5 s skew: accepted now, refused 4 s later
        String lingering = token(KEY, "lingering", clock.now.minusSeconds(302), clock.now.minusSeconds(2));
        List<String> withCache = new ArrayList<>();
        List<String> without = new ArrayList<>();

        for (int second = 0; second <= 120; second++) {
            for (String token : List.of(fresh, lingering)) {
                withCache.add(second + " s: " + outcome(cache, token));
                without.add(second + " s: " + outcome(verifier, token));
            }
            clock.now = clock.now.plusSeconds(1);
        }

        assertThat(withCache).isEqualTo(without);
        assertThat(without).contains("0 s: accepted lingering", "3 s: accepted lingering", "35 s: accepted fresh")
                .anySatisfy(o -> assertThat(o).startsWith("4 s: refused"))
                .anySatisfy(o -> assertThat(o).startsWith("36 s: refused"));
        // the lingering token is never served from the cache (its entry ends at its exp, already past);
        // the fresh one hits from 1 s to 29 s and is verified in full from its exp (30 s) on
        assertThat(verifications).hasValue(121 + 1 + 91);
    }

    @Test
    void givenACachedToken_whenAValidatorRefusesItOnAHit_thenItIsRefusedAndForgotten() {
        AtomicBoolean refuse = new AtomicBoolean();
        OAuth2TokenValidator<Jwt> switchable = new DelegatingOAuth2TokenValidator<>(validator,
                jwt -> refuse.get() ? OAuth2TokenValidatorResult.failure(new OAuth2Error("invalid_token", "no", null))
                        : OAuth2TokenValidatorResult.success());
        VerifiedTokenCache strict = new VerifiedTokenCache(counted, switchable, Duration.ofSeconds(60), 3, clock);
        String token = token(KEY, "app-1", Duration.ofMinutes(5));
        strict.decode(token);
        strict.decode(token);

        refuse.set(true);

        assertThatThrownBy(() -> strict.decode(token)).isInstanceOf(JwtValidationException.class)
                .hasMessageContaining("no");
        assertThat(verifications).as("refused on the hit, without a verification").hasValue(1);
        assertThat(strict.size()).isZero();
    }

    private static String outcome(JwtDecoder decoder, String token) {
        try {
            return "accepted " + decoder.decode(token).getSubject();
        } catch (JwtValidationException e) {
            return "refused: " + e.getErrors().stream().map(OAuth2Error::getDescription).toList();
        } catch (JwtException e) {
            return "refused: " + e.getClass().getSimpleName();
        }
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
