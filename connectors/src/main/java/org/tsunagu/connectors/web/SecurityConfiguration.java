package org.tsunagu.connectors.web;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.security.oauth2.server.resource.autoconfigure.OAuth2ResourceServerProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.server.resource.web.BearerTokenAuthenticationEntryPoint;
import org.springframework.security.oauth2.server.resource.web.access.BearerTokenAccessDeniedHandler;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.firewall.HttpFirewall;

import tools.jackson.databind.json.JsonMapper;

/**
 * Only the hub's gateway may query: a JWT for audience {@code urn:tsunagu:connectors} (from the Boot
 * resource-server properties, {@link #jwtDecoder}) with scope {@code connector.query}. Everything else is denied,
 * and every denial is a problem+json. Municipal systems' event notices carry no token: they are
 * authenticated by their signature ({@link MunicipalNoticeFilter}).
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

    static final String QUERY_SCOPE = "SCOPE_connector.query";

    @Bean
    SecurityFilterChain securityFilterChain(HttpSecurity http, JsonMapper jsonMapper) throws Exception {
        AuthenticationEntryPoint unauthorized = problemEntryPoint(jsonMapper);
        AccessDeniedHandler forbidden = problemAccessDeniedHandler(jsonMapper);
        http.authorizeHttpRequests(requests -> requests
                        .dispatcherTypeMatchers(DispatcherType.ERROR).permitAll()
                        .requestMatchers("/actuator/health", "/actuator/health/**").permitAll()
                        // municipal systems sign their notices instead (MunicipalNoticeFilter)
                        .requestMatchers(HttpMethod.POST, "/v1/municipal/*/events").permitAll()
                        .anyRequest().hasAuthority(QUERY_SCOPE))
                .oauth2ResourceServer(resourceServer -> resourceServer
                        .jwt(Customizer.withDefaults())
                        .bearerTokenResolver(new HeaderChecks.BearerTokens())
                        .authenticationEntryPoint(unauthorized)
                        .accessDeniedHandler(forbidden))
                .exceptionHandling(exceptions -> exceptions
                        .authenticationEntryPoint(unauthorized)
                        .accessDeniedHandler(forbidden))
                .sessionManagement(sessions -> sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .requestCache(cache -> cache.disable())
                .csrf(csrf -> csrf.disable());
        return http.build();
    }

    /**
     * The decoder Spring Boot would build from {@code spring.security.oauth2.resourceserver.jwt.*}
     * (JWK set URI, algorithms, then Spring Security's default validators: exp/nbf, typ, X.509
     * thumbprint, plus iss and aud), except that exp/nbf allow {@code tsunagu.jwt.clock-skew} (5 s, as
     * the gateway; Spring's default is 60 s), built here so that its validators can run again on a
     * cache hit and read the application's {@link Clock}; a token verified in the last
     * {@code tsunagu.jwt.verified-cache-ttl} is not verified again, only validated (0 turns that off;
     * ADR 0054, as the gateway's ADR 0046).
     */
    @Bean
    JwtDecoder jwtDecoder(OAuth2ResourceServerProperties properties,
            @Value("${tsunagu.jwt.verified-cache-ttl:60s}") Duration verifiedCacheTtl,
            @Value("${tsunagu.jwt.clock-skew:5s}") Duration clockSkew, Clock clock) {
        OAuth2ResourceServerProperties.Jwt jwt = properties.getJwt();
        NimbusJwtDecoder decoder = NimbusJwtDecoder.withJwkSetUri(jwt.getJwkSetUri())
                .jwsAlgorithms(algorithms -> jwt.getJwsAlgorithms().forEach(name -> {
                    SignatureAlgorithm algorithm = SignatureAlgorithm.from(name);
                    if (algorithm == null) {
                        throw new IllegalStateException("Unknown JWS algorithm " + name);
                    }
                    algorithms.add(algorithm);
                }))
                .build();
        OAuth2TokenValidator<Jwt> validator = validator(jwt.getIssuerUri(), jwt.getAudiences(), clockSkew, clock);
        decoder.setJwtValidator(validator);
        return remembering(decoder, validator, verifiedCacheTtl, clock);
    }

    /** Boot's validators for these properties, with exp/nbf read from {@code clock} and {@code clockSkew} allowed. */
    static OAuth2TokenValidator<Jwt> validator(String issuer, List<String> audiences, Duration clockSkew, Clock clock) {
        // hub clocks are NTP-synchronised; a small skew keeps expired tokens from lingering a minute
        JwtTimestampValidator timestamps = new JwtTimestampValidator(clockSkew);
        timestamps.setClock(clock);
        List<OAuth2TokenValidator<Jwt>> validators = new ArrayList<>(List.of(timestamps));
        if (issuer != null) {
            validators.add(new JwtIssuerValidator(issuer));
        }
        if (audiences != null && !audiences.isEmpty()) {
            List<String> accepted = List.copyOf(audiences);
            validators.add(new JwtClaimValidator<List<String>>(JwtClaimNames.AUD,
                    aud -> aud != null && !Collections.disjoint(aud, accepted)));
        }
        // Spring adds what Boot's list lacks: typ (JWT or none) and the X.509 certificate thumbprint
        return JwtValidators.createDefaultWithValidators(validators);
    }

    /** A verified token is remembered briefly, its claims validated again on every use; {@code ttl} 0: not at all. */
    static JwtDecoder remembering(JwtDecoder verifier, OAuth2TokenValidator<Jwt> validator, Duration ttl,
            Clock clock) {
        return ttl.isZero() ? verifier : new VerifiedTokenCache(verifier, validator, ttl, 10_000, clock);
    }

    /** Spring's strict firewall with its header rules as loops, not regexes (ADR 0051); WebSecurity picks it up. */
    @Bean
    HttpFirewall httpFirewall() {
        return HeaderChecks.firewall();
    }

    private static AuthenticationEntryPoint problemEntryPoint(JsonMapper jsonMapper) {
        BearerTokenAuthenticationEntryPoint bearer = new BearerTokenAuthenticationEntryPoint();
        return (request, response, e) -> {
            bearer.commence(request, response, e);
            write(jsonMapper, request, response, HttpStatus.UNAUTHORIZED);
        };
    }

    private static AccessDeniedHandler problemAccessDeniedHandler(JsonMapper jsonMapper) {
        BearerTokenAccessDeniedHandler bearer = new BearerTokenAccessDeniedHandler();
        return (request, response, e) -> {
            bearer.handle(request, response, e);
            write(jsonMapper, request, response, HttpStatus.FORBIDDEN);
        };
    }

    private static void write(JsonMapper jsonMapper, HttpServletRequest request, HttpServletResponse response,
                              HttpStatus status) throws IOException {
        ProblemDetail problem = Problems.forStatus(status, null, request);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", problem.getType().toString());
        body.put("title", problem.getTitle());
        body.put("status", problem.getStatus());
        body.put("detail", problem.getDetail());
        if (problem.getProperties() != null) {
            body.putAll(problem.getProperties());
        }
        response.setStatus(status.value());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        response.getOutputStream().write(jsonMapper.writeValueAsBytes(body));
    }
}
