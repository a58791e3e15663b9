package org.tsunagu.id.authserver;

import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.jdbc.core.JdbcOperations;
import org.springframework.jdbc.core.JdbcTemplate;
import org.tsunagu.id.token.RefreshTokenFamilies;
import org.tsunagu.id.login.AccountKindRule;
import java.io.IOException;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.security.config.Customizer;
import org.springframework.security.web.util.matcher.OrRequestMatcher;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationContext;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationException;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationProvider;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.tsunagu.id.secret.HubPasswordEncoder;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationConsent;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationConsentAuthenticationProvider;
import java.util.Arrays;
import org.tsunagu.api.id.model.DataCategory;
import org.tsunagu.id.consent.CategoryConsents;
import org.tsunagu.id.consent.ConsentPage;
import org.springframework.security.oauth2.server.authorization.JdbcOAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationConsentService;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.client.JdbcRegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.settings.AuthorizationServerSettings;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.tsunagu.id.IdServiceProperties;
import org.tsunagu.id.app.AppDirectory;
import org.tsunagu.id.app.ApprovedClientsOnly;

/**
 * The OAuth2 / OpenID Connect endpoints: issuer from {@code tsunagu.issuer-uri}, clients,
 * authorizations and consents in the database, residents sent to {@code /login}.
 */
@Configuration(proxyBeanMethods = false)
class AuthorizationServerConfiguration {

    /** RFC 9207 metadata: authorization responses carry {@code iss}. */
    static final String ISS_PARAMETER_SUPPORTED = "authorization_response_iss_parameter_supported";

    @Bean
    @Order(1)
    SecurityFilterChain authorizationServerFilterChain(HttpSecurity http, IdServiceProperties properties,
                                                       CategoryConsents categoryConsents) throws Exception {
        IssuerInAuthorizationResponses responses = new IssuerInAuthorizationResponses(properties.issuerUri());
        http.oauth2AuthorizationServer(server -> {
                    http.securityMatcher(server.getEndpointsMatcher());
                    server.authorizationEndpoint(endpoint -> endpoint
                            .consentPage(ConsentPage.PATH)
                            .authorizationResponseHandler(responses.success())
                            .errorResponseHandler(responses.failure())
                            .authenticationProviders(providers -> providers.forEach(provider -> {
                                if (provider instanceof OAuth2AuthorizationCodeRequestAuthenticationProvider codeRequests) {
                                    codeRequests.setAuthorizationConsentRequired(
                                            AuthorizationServerConfiguration::checkAccountKindThenAskConsent);
                                }
                                if (provider instanceof OAuth2AuthorizationConsentAuthenticationProvider consents) {
                                    consents.setAuthorizationConsentCustomizer(categoryConsents);
                                }
                            })));
                    server.authorizationServerMetadataEndpoint(endpoint -> endpoint
                            .authorizationServerMetadataCustomizer(config -> config
                                    .claim(ISS_PARAMETER_SUPPORTED, true)));
                    server.oidc(oidc -> oidc.providerConfigurationEndpoint(endpoint -> endpoint
                            .providerConfigurationCustomizer(config -> config
                                    .claim(ISS_PARAMETER_SUPPORTED, true)
                                    .scopes(scopes -> Arrays.stream(DataCategory.values())
                                            .map(category -> CategoryConsents.PREFIX + category.getValue())
                                            .filter(scope -> !scopes.contains(scope))
                                            .forEach(scopes::add))
                                    .subjectTypes(types -> {
                                        if (!types.contains("pairwise")) {
                                            types.add("pairwise");
                                        }
                                    }))));
                })
                .authorizeHttpRequests(requests -> requests.anyRequest().authenticated())
                .oauth2ResourceServer(resourceServer -> resourceServer.jwt(Customizer.withDefaults()))
                // the authorize endpoint is a browser endpoint: always send residents to the login page,
                // whatever their Accept header says (headless e2e clients included)
                .exceptionHandling(exceptions -> exceptions
                        .defaultAuthenticationEntryPointFor(
                                new LoginUrlAuthenticationEntryPoint("/login"),
                                PathPatternRequestMatcher.withDefaults().matcher("/oauth2/authorize"))
                        // no client authentication at all (e.g. a public client asking for client_credentials):
                        // the standard OAuth error, not a bare 401
                        .defaultAuthenticationEntryPointFor(AuthorizationServerConfiguration::invalidClient,
                                new OrRequestMatcher(
                                        PathPatternRequestMatcher.withDefaults().matcher("/oauth2/token"),
                                        PathPatternRequestMatcher.withDefaults().matcher("/oauth2/introspect"),
                                        PathPatternRequestMatcher.withDefaults().matcher("/oauth2/revoke"))));
        return http.build();
    }

    /**
     * Runs once the resident or operator is logged in, before a code is issued: an account of the
     * wrong kind for the client (an operator at an app, a resident at the operator console) gets
     * {@code access_denied} at the client's redirect URI. A request naming data categories
     * ({@code category:<name>} scopes) goes to the hub's opt-in screen (ADR 0025); others need none.
     */
    private static boolean checkAccountKindThenAskConsent(OAuth2AuthorizationCodeRequestAuthenticationContext context) {
        OAuth2AuthorizationCodeRequestAuthenticationToken request = context.getAuthentication();
        Authentication principal = (Authentication) request.getPrincipal();
        RegisteredClient client = context.getRegisteredClient();
        if (!AccountKindRule.mayUse(client.getClientId(), principal)) {
            String redirectUri = request.getRedirectUri() != null ? request.getRedirectUri()
                    : client.getRedirectUris().size() == 1 ? client.getRedirectUris().iterator().next() : null;
            OAuth2AuthorizationCodeRequestAuthenticationToken withRedirect =
                    new OAuth2AuthorizationCodeRequestAuthenticationToken(request.getAuthorizationUri(),
                            client.getClientId(), principal, redirectUri,
                            request.getState(), request.getScopes(), request.getAdditionalParameters());
            throw new OAuth2AuthorizationCodeRequestAuthenticationException(new OAuth2Error(
                    OAuth2ErrorCodes.ACCESS_DENIED, "This account may not use this client.", null), withRedirect);
        }
        return CategoryConsents.asksForCategories(request.getScopes());
    }

    private static void invalidClient(HttpServletRequest request, HttpServletResponse response,
                                      org.springframework.security.core.AuthenticationException failure) throws IOException {
        response.setStatus(HttpServletResponse.SC_UNAUTHORIZED);
        response.setHeader("WWW-Authenticate", "Basic realm=\"regional-id\"");
        response.setHeader("Cache-Control", "no-store");
        response.setContentType("application/json");
        response.getWriter().write("{\"error\":\"invalid_client\",\"error_description\":\"Client authentication failed.\"}");
    }

    @Bean
    AuthorizationServerSettings authorizationServerSettings(IdServiceProperties properties) {
        return AuthorizationServerSettings.builder().issuer(properties.issuerUri()).build();
    }

    @Bean
    RegisteredClientRepository registeredClientRepository(JdbcOperations jdbc, AppDirectory directory) {
        return new ApprovedClientsOnly(new JdbcRegisteredClientRepository(jdbc), directory);
    }

    /** Authorizations in the database, with refresh token reuse detection in front. */
    @Bean
    OAuth2AuthorizationService authorizationService(JdbcTemplate jdbc, RegisteredClientRepository clients) {
        return new RefreshTokenFamilies(new JdbcOAuth2AuthorizationService(jdbc, clients), jdbc);
    }

    /**
     * Remembers no consent: consent-service is the one source of truth (ADR 0025), so the opt-in
     * screen is shown on every request naming categories and a refusal is never overridden by
     * an earlier approval.
     */
    @Bean
    OAuth2AuthorizationConsentService authorizationConsentService() {
        return new OAuth2AuthorizationConsentService() {
            @Override
            public void save(OAuth2AuthorizationConsent authorizationConsent) {
            }

            @Override
            public void remove(OAuth2AuthorizationConsent authorizationConsent) {
            }

            @Override
            public OAuth2AuthorizationConsent findById(String registeredClientId, String principalName) {
                return null;
            }
        };
    }

    /** Resident and operator passwords {@code {bcrypt}}; client secrets per {@code tsunagu.client-secrets.hashing}. */
    @Bean
    HubPasswordEncoder passwordEncoder() {
        return new HubPasswordEncoder();
    }

    /** Validates our own tokens at the userinfo endpoint: signature, expiry and issuer. */
    @Bean
    JwtDecoder jwtDecoder(JWKSource<SecurityContext> jwkSource, IdServiceProperties properties) {
        NimbusJwtDecoder decoder = NimbusJwtDecoder.withJwkSource(jwkSource).build();
        decoder.setJwtValidator(JwtValidators.createDefaultWithIssuer(properties.issuerUri()));
        return decoder;
    }
}
