package org.tsunagu.audit.web;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.Set;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.client.oidc.userinfo.OidcUserRequest;
import org.springframework.security.oauth2.client.oidc.userinfo.OidcUserService;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.oauth2.client.registration.InMemoryClientRegistrationRepository;
import org.springframework.security.oauth2.client.userinfo.OAuth2UserService;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.core.oidc.user.DefaultOidcUser;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.security.oauth2.server.resource.web.BearerTokenAuthenticationEntryPoint;
import org.springframework.security.oauth2.server.resource.web.access.BearerTokenAccessDeniedHandler;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.AccessDeniedHandler;

import tools.jackson.databind.json.JsonMapper;

/**
 * Who may call what. Every API call needs a JWT for audience {@code urn:tsunagu:audit-service}
 * (checked by the Boot resource-server properties; app tokens for the gateway fail with 401).
 * <ul>
 * <li>{@code /v1/me/**}: residents only — a portal token ({@code client_id} {@code tsunagu-portal})
 *     that carries no operator role; operators are never residents here.</li>
 * <li>{@code /v1/audit/keys}: public (verifiers need it).</li>
 * <li>{@code /v1/audit/**}: the {@code operator} role (the token's {@code roles} claim).</li>
 * </ul>
 * Every denial is a problem+json. The dashboard has its own chain: an operator login at the
 * regional ID with a browser session.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

    static final String RESIDENT = "RESIDENT";
    static final String OPERATOR = "OPERATOR";
    private static final String PORTAL_CLIENT = "tsunagu-portal";
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(SecurityConfiguration.class);

    /** The regional ID client the dashboard logs operators in with (public client, PKCE). */
    static final String REGISTRATION = "regional-id";

    /**
     * The operator dashboard: a browser session from an OpenID Connect login at the regional ID
     * (client {@code tsunagu-operator-console}, PKCE), then the operator role, else 403.
     */
    @Bean
    @Order(1)
    SecurityFilterChain dashboardSecurityFilterChain(HttpSecurity http, JwtDecoder accessTokens,
                                                     JsonMapper jsonMapper) throws Exception {
        http.securityMatcher("/dashboard", "/dashboard/**", "/oauth2/authorization/**", "/login/oauth2/**",
                        "/webjars/**", "/logout")
                .authorizeHttpRequests(requests -> requests
                        .requestMatchers("/webjars/**").permitAll()
                        .anyRequest().hasRole(OPERATOR))
                .oauth2Login(login -> login
                        .loginPage("/oauth2/authorization/" + REGISTRATION)
                        .userInfoEndpoint(userInfo -> userInfo.oidcUserService(operatorAware(accessTokens)))
                        .failureHandler((request, response, e) -> {
                            // the operator sees only "invalid token"; whoever runs the hub needs the reason
                            log.warn("Operator dashboard login failed: {}", e.getMessage());
                            write(jsonMapper, request, response, HttpStatus.UNAUTHORIZED);
                        }))
                .exceptionHandling(exceptions -> exceptions
                        .accessDeniedHandler((request, response, e) ->
                                write(jsonMapper, request, response, HttpStatus.FORBIDDEN)));
        return http.build();
    }

    @Bean
    ClientRegistrationRepository clientRegistrations(@Value("${tsunagu.issuer-uri}") String issuer,
            @Value("${tsunagu.audit.operator-console-client-id:tsunagu-operator-console}") String clientId) {
        // Endpoints spelled out (no discovery at start-up): audit-service must start without id-service.
        return new InMemoryClientRegistrationRepository(ClientRegistration.withRegistrationId(REGISTRATION)
                .clientId(clientId)
                .clientAuthenticationMethod(ClientAuthenticationMethod.NONE)
                .authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
                .redirectUri("{baseUrl}/login/oauth2/code/{registrationId}")
                .scope("openid")
                .authorizationUri(issuer + "/oauth2/authorize")
                .tokenUri(issuer + "/oauth2/token")
                .jwkSetUri(issuer + "/oauth2/jwks")
                .issuerUri(issuer)
                .userNameAttributeName("sub")
                .clientName("地域ID")
                .build());
    }

    /**
     * The OIDC user with ROLE_OPERATOR when the {@code roles} claim of the ID token or of the
     * access token (validated as a token for this service) contains {@code operator}.
     */
    private static OAuth2UserService<OidcUserRequest, OidcUser> operatorAware(JwtDecoder accessTokens) {
        OidcUserService delegate = new OidcUserService();
        return request -> {
            OidcUser user = delegate.loadUser(request);
            Set<GrantedAuthority> authorities = new HashSet<>(user.getAuthorities());
            boolean operator = hasOperatorRole(user.getIdToken().getClaims().get("roles"));
            try {
                Jwt access = accessTokens.decode(request.getAccessToken().getTokenValue());
                operator |= hasOperatorRole(access.getClaims().get("roles"));
            } catch (JwtException notForThisService) {
                // only the ID token counts then
            }
            if (operator) {
                authorities.add(new SimpleGrantedAuthority("ROLE_" + OPERATOR));
            }
            return new DefaultOidcUser(authorities, user.getIdToken(), user.getUserInfo(), "sub");
        };
    }

    private static boolean hasOperatorRole(Object roles) {
        return roles instanceof Collection<?> list && list.contains("operator");
    }

    @Bean
    @Order(2)
    SecurityFilterChain apiSecurityFilterChain(HttpSecurity http, JsonMapper jsonMapper) throws Exception {
        AuthenticationEntryPoint unauthorized = problemEntryPoint(jsonMapper);
        AccessDeniedHandler forbidden = problemAccessDeniedHandler(jsonMapper);
        http.authorizeHttpRequests(requests -> requests
                        .dispatcherTypeMatchers(DispatcherType.ERROR).permitAll()
                        .requestMatchers("/actuator/health", "/actuator/health/**").permitAll()
                        .requestMatchers(HttpMethod.GET, "/v1/audit/keys").permitAll()
                        .requestMatchers("/v1/me/**").hasRole(RESIDENT)
                        .requestMatchers("/v1/audit/**").hasRole(OPERATOR)
                        .anyRequest().authenticated())
                .oauth2ResourceServer(resourceServer -> resourceServer
                        .jwt(jwt -> jwt.jwtAuthenticationConverter(SecurityConfiguration::authentication))
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

    /** Roles from the token: OPERATOR if {@code roles} holds {@code operator}, else RESIDENT for portal tokens. */
    static JwtAuthenticationToken authentication(Jwt jwt) {
        return new JwtAuthenticationToken(jwt, authorities(jwt), jwt.getSubject());
    }

    static Collection<GrantedAuthority> authorities(Jwt jwt) {
        List<GrantedAuthority> authorities = new ArrayList<>();
        if (hasOperatorRole(jwt.getClaims().get("roles"))) {
            authorities.add(new SimpleGrantedAuthority("ROLE_" + OPERATOR));
        } else if (PORTAL_CLIENT.equals(jwt.getClaimAsString("client_id"))) {
            authorities.add(new SimpleGrantedAuthority("ROLE_" + RESIDENT));
        }
        return authorities;
    }

    static AuthenticationEntryPoint problemEntryPoint(JsonMapper jsonMapper) {
        BearerTokenAuthenticationEntryPoint bearer = new BearerTokenAuthenticationEntryPoint();
        return (request, response, e) -> {
            bearer.commence(request, response, e);
            write(jsonMapper, request, response, HttpStatus.UNAUTHORIZED);
        };
    }

    static AccessDeniedHandler problemAccessDeniedHandler(JsonMapper jsonMapper) {
        BearerTokenAccessDeniedHandler bearer = new BearerTokenAccessDeniedHandler();
        return (request, response, e) -> {
            bearer.handle(request, response, e);
            write(jsonMapper, request, response, HttpStatus.FORBIDDEN);
        };
    }

    private static void write(JsonMapper jsonMapper, HttpServletRequest request, HttpServletResponse response,
                              HttpStatus status) throws IOException {
        ProblemDetail problem = Problems.forStatus(status, null);
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
