package org.tsunagu.id.admin;

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
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationConverter;
import org.springframework.security.oauth2.server.resource.authentication.JwtGrantedAuthoritiesConverter;
import org.springframework.security.web.SecurityFilterChain;
import org.tsunagu.id.IdServiceProperties;
import org.tsunagu.id.web.ProblemResponses;

/**
 * Guards {@code /v1/admin/**}: access tokens of this issuer for {@code urn:tsunagu:id-service}
 * whose {@code roles} claim holds {@code operator} (operator console tokens only).
 */
@Configuration(proxyBeanMethods = false)
class AdminApiSecurityConfiguration {

    @Bean
    @Order(2)
    SecurityFilterChain adminApiFilterChain(HttpSecurity http, JWKSource<SecurityContext> jwkSource,
                                            IdServiceProperties properties, ProblemResponses problems) throws Exception {
        NimbusJwtDecoder decoder = OwnAccessTokens.decoder(jwkSource, properties.issuerUri());
        JwtGrantedAuthoritiesConverter roles = new JwtGrantedAuthoritiesConverter();
        roles.setAuthoritiesClaimName("roles");
        roles.setAuthorityPrefix("ROLE_");
        JwtAuthenticationConverter converter = new JwtAuthenticationConverter();
        converter.setJwtGrantedAuthoritiesConverter(roles);
        http.securityMatcher("/v1/admin/**")
                .authorizeHttpRequests(requests -> requests.anyRequest().hasRole("operator"))
                .oauth2ResourceServer(resourceServer -> resourceServer
                        .jwt(jwt -> jwt.decoder(decoder).jwtAuthenticationConverter(converter))
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
