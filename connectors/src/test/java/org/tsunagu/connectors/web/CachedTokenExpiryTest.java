package org.tsunagu.connectors.web;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.tsunagu.connectors.web.QueryEndpointTest.assertProblem;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.tsunagu.connectors.ConnectorsSpringTest;
import org.tsunagu.connectors.Fixtures;
import org.tsunagu.connectors.TestTokens;

/**
 * Over HTTP, with the application's decoder: a token the connectors remember is refused with a 401
 * problem+json once it has expired, as it would be without the cache (ADR 0054). Time moves by the
 * test clock, not by sleeping.
 */
class CachedTokenExpiryTest extends ConnectorsSpringTest {

    private static final String PATH = "/v1/residents/RID-0001/vaccination-records";

    @Autowired
    private JwtDecoder jwtDecoder;

    @BeforeEach
    void municipalSystem() {
        WIREMOCK.stubFor(get(urlEqualTo("/health/api/v1/patients/HK-20571/vaccinations")).willReturn(aResponse()
                .withHeader("Content-Type", "application/json")
                .withBody(Fixtures.read("/municipal/health-HK-20571.json"))));
    }

    private String token(Instant issued, Instant expires) {
        return TestTokens.gateway(issuer(), claims -> claims.issueTime(Date.from(issued)).expirationTime(Date.from(expires)));
    }

    @Test
    void givenACachedToken_whenItsExpiryHasPassed_then401ProblemJson() {
        Instant now = CLOCK.instant();
        String token = token(now, now.plusSeconds(30));
        VerifiedTokenCache cache = (VerifiedTokenCache) jwtDecoder;
        int before = cache.size();

        assertThat(httpGet(PATH, token).statusCode()).isEqualTo(200);
        assertThat(cache.size()).as("remembered").isEqualTo(before + 1);
        CLOCK.advance(Duration.ofSeconds(20));
        assertThat(httpGet(PATH, token).statusCode()).as("a hit, before exp").isEqualTo(200);
        assertThat(cache.size()).isEqualTo(before + 1);
        CLOCK.advance(Duration.ofSeconds(16)); // exp + the 5 s skew (tsunagu.jwt.clock-skew) + 1 s

        HttpResponse<String> response = httpGet(PATH, token);

        assertProblem(response, 401, "urn:tsunagu:problem:invalid-token");
        assertThat(response.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(
                value -> assertThat(value).startsWith("Bearer").contains("invalid_token"));
        assertThat(cache.size()).as("forgotten").isEqualTo(before);
    }

    @Test
    void givenATokenAcceptedOnlyThroughTheSkew_whenUsedAgainWithinTheCacheTime_thenRefusedOnceTheSkewIsOver() {
        Instant now = CLOCK.instant();
        // expired 2 s ago (3 s: exp is in whole seconds): accepted for a few seconds more (5 s skew), so a
        // cache holding it its 60 s would overstay
        String token = token(now.minusSeconds(302), now.minusSeconds(2));

        assertThat(httpGet(PATH, token).statusCode()).isEqualTo(200);
        CLOCK.advance(Duration.ofSeconds(5)); // past the skew, well within the 60 s the cache could keep it

        assertProblem(httpGet(PATH, token), 401, "urn:tsunagu:problem:invalid-token");
    }

    @Test
    void givenATokenExpiredLongerThanTheSkew_then401AtOnce_notTheMinuteSpringWouldAllow() {
        Instant now = CLOCK.instant();
        String token = token(now.minusSeconds(310), now.minusSeconds(10));

        assertProblem(httpGet(PATH, token), 401, "urn:tsunagu:problem:invalid-token");
    }
}
