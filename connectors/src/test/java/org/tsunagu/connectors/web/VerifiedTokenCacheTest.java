package org.tsunagu.connectors.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import com.nimbusds.jose.jwk.JWKSet;

import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.JwtValidationException;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.tsunagu.connectors.TestClock;
import org.tsunagu.connectors.TestTokens;

/**
 * The verified-token cache (a copy of the gateway's, ADR 0054): a hit skips only the signature check,
 * never the claims' validation. The validators are the connectors' own ({@link SecurityConfiguration#validator},
 * here with a 60 s skew, Spring's default, to give the skew room), the tokens real RS256 tokens signed with the test key.
 */
class VerifiedTokenCacheTest {

    private static final String ISSUER = "http://localhost:9000";
    private static final List<String> AUDIENCES = List.of("urn:tsunagu:connectors");
    private static final String BASE64URL = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

    private final TestClock clock = TestClock.fixed(Instant.parse("2026-11-23T09:00:00Z"));
    private final AtomicInteger verifications = new AtomicInteger();
    private final OAuth2TokenValidator<Jwt> validator = SecurityConfiguration.validator(ISSUER, AUDIENCES, Duration.ofSeconds(60), clock);
    /** The decoder without a cache: what every answer of the cache is compared with. */
    private final JwtDecoder verifier = verifier(validator);
    private final JwtDecoder counted = token -> {
        verifications.incrementAndGet();
        return verifier.decode(token);
    };
    private final VerifiedTokenCache cache = new VerifiedTokenCache(counted, validator, Duration.ofSeconds(60), 3, clock);

    private static JwtDecoder verifier(OAuth2TokenValidator<Jwt> validator) {
        try {
            NimbusJwtDecoder decoder = NimbusJwtDecoder
                    .withPublicKey(JWKSet.parse(TestTokens.jwks()).getKeys().get(0).toRSAKey().toRSAPublicKey())
                    .build();
            decoder.setJwtValidator(validator);
            return decoder;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** A gateway token issued now (by the test clock) for {@code subject}, expiring after {@code lifetime}. */
    private String token(String subject, Duration lifetime) {
        Instant now = clock.instant();
        return TestTokens.gateway(ISSUER, claims -> claims.subject(subject)
                .issueTime(Date.from(now)).expirationTime(Date.from(now.plus(lifetime))));
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
    void givenTheSameToken_whenUsedAgain_thenItsSignatureIsNotVerifiedAgain() {
        String token = token("tsunagu-gateway", Duration.ofMinutes(5));

        Jwt first = cache.decode(token);
        Jwt again = cache.decode(token);
        clock.advance(Duration.ofSeconds(59));
        Jwt later = cache.decode(token);

        assertThat(later.getSubject()).isEqualTo("tsunagu-gateway");
        assertThat(again).isSameAs(first);
        assertThat(later).isSameAs(first);
        assertThat(verifications).hasValue(1);
    }

    @Test
    void givenACachedToken_whenItExpires_thenItIsRefusedAsWithoutTheCache() {
        String token = token("tsunagu-gateway", Duration.ofSeconds(30));
        cache.decode(token);

        clock.advance(Duration.ofSeconds(20)); // still valid: a hit
        assertThat(cache.decode(token).getSubject()).isEqualTo("tsunagu-gateway");
        assertThat(verifications).hasValue(1);
        clock.advance(Duration.ofSeconds(71)); // past exp + Spring's 60 s skew

        assertThatThrownBy(() -> cache.decode(token)).isInstanceOf(JwtValidationException.class);
        assertThatThrownBy(() -> verifier.decode(token)).isInstanceOf(JwtValidationException.class);
        assertThat(verifications).as("the entry ended at exp: checked in full again, and refused").hasValue(2);
        assertThat(cache.size()).isZero();
    }

    @Test
    void givenACachedToken_atEverySecondOfItsLifeAndAfter_thenTheCacheAnswersAsTheDecoderAlone() {
        String fresh = token("fresh", Duration.ofSeconds(30));
        // expired 10 s ago, still inside the 60 s skew: accepted now, refused 50 s later
        String lingering = TestTokens.gateway(ISSUER, claims -> claims.subject("lingering")
                .issueTime(Date.from(clock.instant().minusSeconds(310)))
                .expirationTime(Date.from(clock.instant().minusSeconds(10))));
        List<String> withCache = new ArrayList<>();
        List<String> without = new ArrayList<>();

        for (int second = 0; second <= 120; second++) {
            for (String token : List.of(fresh, lingering)) {
                withCache.add(second + " s: " + outcome(cache, token));
                without.add(second + " s: " + outcome(verifier, token));
            }
            clock.advance(Duration.ofSeconds(1));
        }

        assertThat(withCache).isEqualTo(without);
        assertThat(without).contains("0 s: accepted lingering", "50 s: accepted lingering",
                "90 s: accepted fresh").anySatisfy(o -> assertThat(o).startsWith("51 s: refused"))
                .anySatisfy(o -> assertThat(o).startsWith("91 s: refused"));
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
        String token = token("tsunagu-gateway", Duration.ofMinutes(5));
        strict.decode(token);
        strict.decode(token);

        refuse.set(true);

        assertThatThrownBy(() -> strict.decode(token)).isInstanceOf(JwtValidationException.class)
                .hasMessageContaining("no");
        assertThat(verifications).as("refused on the hit, without a verification").hasValue(1);
        assertThat(strict.size()).isZero();
    }

    @Test
    void givenACachedToken_whenAForgedOrAlteredTokenIsPresented_thenEachIsVerifiedAndRefused() {
        String good = token("tsunagu-gateway", Duration.ofMinutes(5));
        Jwt cached = cache.decode(good);
        String[] parts = good.split("\\.");
        String stranger = TestTokens.signedByStranger(ISSUER);
        // the cached token's header and claims with another key's signature (same key id)
        String forged = parts[0] + "." + parts[1] + "." + stranger.substring(stranger.lastIndexOf('.') + 1);

        assertThatThrownBy(() -> cache.decode(forged)).isInstanceOf(BadJwtException.class);
        assertThatThrownBy(() -> cache.decode(forged)).isInstanceOf(BadJwtException.class);
        assertThatThrownBy(() -> cache.decode(stranger)).isInstanceOf(BadJwtException.class);
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
    void givenDifferentTokens_whenEachIsUsedAgain_thenEachGetsItsOwnClaims() {
        String one = token("app-1", Duration.ofMinutes(5));
        String two = token("app-2", Duration.ofMinutes(5));
        // same claims, issued a second apart: different tokens too
        String oneLater = TestTokens.gateway(ISSUER, claims -> claims.subject("app-1")
                .issueTime(Date.from(clock.instant().plusSeconds(1)))
                .expirationTime(Date.from(clock.instant().plusSeconds(301))));

        Jwt first = cache.decode(one);
        Jwt second = cache.decode(two);
        Jwt third = cache.decode(oneLater);

        assertThat(cache.decode(one)).isSameAs(first);
        assertThat(cache.decode(two)).isSameAs(second);
        assertThat(cache.decode(oneLater)).isSameAs(third);
        assertThat(List.of(first.getSubject(), second.getSubject(), third.getSubject()))
                .containsExactly("app-1", "app-2", "app-1");
        assertThat(third.getIssuedAt()).isNotEqualTo(first.getIssuedAt());
        assertThat(verifications).hasValue(3);
    }

    @Test
    void givenMoreDistinctTokensThanItHolds_whenDecoded_thenTheCacheStaysBounded() {
        for (int i = 0; i < 10; i++) {
            cache.decode(token("app-" + i, Duration.ofMinutes(5)));
            assertThat(cache.size()).isLessThanOrEqualTo(3);
        }
        assertThat(verifications).hasValue(10);
    }

    @Test
    void givenAFullCache_whenSomeEntriesHaveExpired_thenOnlyThoseAreDropped() {
        String shortLived = token("short", Duration.ofSeconds(10));
        String longLived = token("long-1", Duration.ofMinutes(5));
        String alsoLong = token("long-2", Duration.ofMinutes(5));
        cache.decode(shortLived);
        cache.decode(longLived);
        cache.decode(alsoLong);
        clock.advance(Duration.ofSeconds(20)); // the short-lived entry ended at its exp

        cache.decode(token("new", Duration.ofMinutes(5)));
        cache.decode(longLived);
        cache.decode(alsoLong);

        assertThat(cache.size()).isEqualTo(3);
        assertThat(verifications).as("the live entries stayed").hasValue(4);
    }

    @Test
    void givenTtlZero_whenTheSameTokenIsUsedAgain_thenItIsVerifiedEveryTime() {
        String token = token("tsunagu-gateway", Duration.ofMinutes(5));

        JwtDecoder off = SecurityConfiguration.remembering(counted, validator, Duration.ZERO, clock);
        off.decode(token);
        off.decode(token);
        JwtDecoder on = SecurityConfiguration.remembering(counted, validator, Duration.ofSeconds(60), clock);
        on.decode(token);
        on.decode(token);

        assertThat(off).isSameAs(counted);
        assertThat(verifications).as("2 without the cache, then 1 with it").hasValue(3);
    }
}
