package org.tsunagu.gateway.security;

import java.util.List;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.client.AuthorizedClientServiceOAuth2AuthorizedClientManager;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientManager;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientProviderBuilder;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientService;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.oauth2.client.web.client.OAuth2ClientHttpRequestInterceptor;

/**
 * The gateway's own identity towards id-service and the connectors: a client-credentials
 * token of registration {@code hub} ({@code tsunagu-gateway}), cached and renewed by Spring
 * Security, put on outgoing calls by one interceptor.
 */
@Configuration
public class HubClientConfig {

    public static final String REGISTRATION_ID = "hub";

    /** One principal for all the gateway's own calls, so one token is cached, not one per app. */
    private static final Authentication GATEWAY =
            UsernamePasswordAuthenticationToken.authenticated("tsunagu-gateway", null, List.of());

    @Bean
    OAuth2AuthorizedClientManager hubAuthorizedClientManager(ClientRegistrationRepository registrations,
            OAuth2AuthorizedClientService clients) {
        var manager = new AuthorizedClientServiceOAuth2AuthorizedClientManager(registrations, clients);
        manager.setAuthorizedClientProvider(OAuth2AuthorizedClientProviderBuilder.builder().clientCredentials().build());
        return manager;
    }

    @Bean
    OAuth2ClientHttpRequestInterceptor hubTokenInterceptor(OAuth2AuthorizedClientManager hubAuthorizedClientManager,
            OAuth2AuthorizedClientService clients) {
        var interceptor = new OAuth2ClientHttpRequestInterceptor(hubAuthorizedClientManager);
        interceptor.setClientRegistrationIdResolver(request -> REGISTRATION_ID);
        interceptor.setPrincipalResolver(request -> GATEWAY);
        interceptor.setAuthorizationFailureHandler(OAuth2ClientHttpRequestInterceptor.authorizationFailureHandler(clients));
        return interceptor;
    }
}
