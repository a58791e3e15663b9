package org.tsunagu.gateway.security;

import java.util.List;

import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.core.Authentication;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtAudienceValidator;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.JwtTypeValidator;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.firewall.HttpFirewall;

/**
 * The gateway as an OAuth2 resource server: RS256 tokens from the regional ID, for audience
 * {@code urn:tsunagu:api-gateway}, naming the app in {@code client_id}. Everything but health
 * needs such a token; every refusal is a problem.
 */
@Configuration
public class SecurityConfig {

    /** The claim naming the calling app (RFC 9068). */
    public static final String CLIENT_ID_CLAIM = "client_id";

    @Bean
    SecurityFilterChain apiSecurity(HttpSecurity http, ProblemAuthenticationEntryPoint entryPoint,
            ProblemAccessDeniedHandler accessDenied) throws Exception {
        http.authorizeHttpRequests(auth -> auth
                        .requestMatchers("/actuator/health", "/actuator/health/**", "/error").permitAll()
                        .requestMatchers(HttpMethod.GET, "/v1/categories", "/docs", "/docs/**", "/webjars/**",
                                "/openapi/gateway.yaml").permitAll()
                        // metrics and info (consent view lag, digest, apply delay, breakers) are for operators only
                        .requestMatchers("/v1/operator/**", "/actuator/**").access((authentication, context) ->
                                new AuthorizationDecision(isOperator(authentication.get())))
                        .anyRequest().authenticated())
                .oauth2ResourceServer(rs -> rs.jwt(jwt -> { })
                        .bearerTokenResolver(new HeaderChecks.BearerTokens())
                        .authenticationEntryPoint(entryPoint)
                        .accessDeniedHandler(accessDenied))
                .exceptionHandling(ex -> ex.authenticationEntryPoint(entryPoint).accessDeniedHandler(accessDenied))
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .csrf(csrf -> csrf.disable())
                .requestCache(cache -> cache.disable())
                .formLogin(form -> form.disable())
                .httpBasic(basic -> basic.disable())
                .logout(logout -> logout.disable());
        return http.build();
    }

    /** Spring's strict firewall with its header rules as loops, not regexes (ADR 0051); WebSecurity picks it up. */
    @Bean
    HttpFirewall httpFirewall() {
        return HeaderChecks.firewall();
    }

    /** An operator token carries {@code roles: ["operator"]} (hub conventions, "Operators"). */
    static boolean isOperator(Authentication authentication) {
        return authentication != null && authentication.getPrincipal() instanceof Jwt jwt
                && jwt.getClaim("roles") instanceof java.util.Collection<?> roles && roles.contains("operator");
    }

    /**
     * Verifies signature (RS256 only: {@code none} and HMAC are refused), iss, aud, exp/nbf, typ and
     * client_id; a token verified in the last {@code tsunagu.jwt.verified-cache-ttl} is not verified
     * again, only validated (0 turns that off).
     */
    @Bean
    JwtDecoder jwtDecoder(@Value("${spring.security.oauth2.resourceserver.jwt.issuer-uri}") String issuer,
            @Value("${spring.security.oauth2.resourceserver.jwt.jwk-set-uri}") String jwkSetUri,
            @Value("${spring.security.oauth2.resourceserver.jwt.audiences}") String audience,
            @Value("${tsunagu.jwt.clock-skew:5s}") java.time.Duration clockSkew,
            @Value("${tsunagu.jwt.verified-cache-ttl:60s}") java.time.Duration verifiedCacheTtl,
            java.time.Clock clock) {
        NimbusJwtDecoder decoder = NimbusJwtDecoder.withJwkSetUri(jwkSetUri)
                .jwsAlgorithm(SignatureAlgorithm.RS256)
                .jwtProcessorCustomizer(processor -> processor.setJWSKeySelector(new CachedKeySelector(
                        (JWSVerificationKeySelector<SecurityContext>) processor.getJWSKeySelector())))
                .build();
        JwtTypeValidator type = new JwtTypeValidator("JWT", "at+jwt");
        type.setAllowEmpty(true);
        List<OAuth2TokenValidator<Jwt>> validators = List.of(
                // Hub clocks are NTP-synchronised; a small skew keeps expired tokens from lingering a minute.
                new JwtTimestampValidator(clockSkew),
                new JwtIssuerValidator(issuer),
                new JwtAudienceValidator(audience),
                type,
                new JwtClaimValidator<Object>(CLIENT_ID_CLAIM, v -> v instanceof String s && !s.isBlank()));
        DelegatingOAuth2TokenValidator<Jwt> validator = new DelegatingOAuth2TokenValidator<>(validators);
        decoder.setJwtValidator(validator);
        // a verified token is remembered briefly, its claims validated again on every use (ADR 0046)
        return verifiedCacheTtl.isZero() ? decoder
                : new VerifiedTokenCache(decoder, validator, verifiedCacheTtl, 10_000, clock);
    }
}
