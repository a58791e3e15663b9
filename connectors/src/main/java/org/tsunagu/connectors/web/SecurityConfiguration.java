package org.tsunagu.connectors.web;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.oauth2.server.resource.web.BearerTokenAuthenticationEntryPoint;
import org.springframework.security.oauth2.server.resource.web.access.BearerTokenAccessDeniedHandler;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.firewall.HttpFirewall;

import tools.jackson.databind.json.JsonMapper;

/**
 * Only the hub's gateway may query: a JWT for audience {@code urn:tsunagu:connectors} (checked by
 * the Boot resource-server properties) with scope {@code connector.query}. Everything else is denied,
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
