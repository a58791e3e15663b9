package org.tsunagu.id.pairwise;

import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.tsunagu.id.token.OwnAccessTokens;
import org.springframework.security.web.SecurityFilterChain;
import org.tsunagu.id.IdServiceProperties;
import org.tsunagu.id.web.ProblemResponses;

/**
 * Guards {@code /internal/**}: only access tokens of this issuer for audience
 * {@code urn:tsunagu:id-service} with scope {@code pairwise.resolve}. Tokens are checked against
 * the service's own keys, without an HTTP call to itself.
 */
@Configuration(proxyBeanMethods = false)
class InternalApiSecurityConfiguration {

    @Bean
    @Order(2)
    SecurityFilterChain internalApiFilterChain(HttpSecurity http, JWKSource<SecurityContext> jwkSource,
                                               IdServiceProperties properties, ProblemResponses problems) throws Exception {
        NimbusJwtDecoder decoder = OwnAccessTokens.decoder(jwkSource, properties.issuerUri());
        http.securityMatcher("/internal/**")
                .authorizeHttpRequests(requests -> requests.anyRequest().hasAuthority("SCOPE_pairwise.resolve"))
                .oauth2ResourceServer(resourceServer -> resourceServer
                        .jwt(jwt -> jwt.decoder(decoder))
                        .authenticationEntryPoint(problems.invalidToken())
                        .accessDeniedHandler(problems.insufficientScope()))
                .exceptionHandling(exceptions -> exceptions
                        .authenticationEntryPoint(problems.invalidToken())
                        .accessDeniedHandler(problems.insufficientScope()))
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .csrf(AbstractHttpConfigurer::disable)
                .requestCache(cache -> cache.disable());
        return http.build();
    }
}
