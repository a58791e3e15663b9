package org.tsunagu.consent.support;

import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClient;
import org.springframework.security.oauth2.client.authentication.OAuth2AuthenticationToken;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.oauth2.client.web.OAuth2AuthorizedClientRepository;
import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.security.oauth2.core.oidc.OidcIdToken;
import org.springframework.security.oauth2.core.oidc.user.DefaultOidcUser;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * Test-only: puts a resident's portal session in place (as a finished regional-ID login would),
 * so browser tests can open portal pages without an authorization server. Never in the app.
 */
@TestConfiguration(proxyBeanMethods = false)
public class TestPortalLogin {

    @Bean
    @Order(0)
    SecurityFilterChain testLoginChain(HttpSecurity http) throws Exception {
        return http.securityMatcher("/test-login/**")
                .authorizeHttpRequests(auth -> auth.anyRequest().permitAll())
                .csrf(csrf -> csrf.disable())
                .build();
    }

    /** Found by component scanning (test classpath only); its chain above lets it through. */
    @RestController
    static class TestLoginController {

        private final ClientRegistrationRepository registrations;
        private final OAuth2AuthorizedClientRepository clients;

        TestLoginController(ClientRegistrationRepository registrations, OAuth2AuthorizedClientRepository clients) {
            this.registrations = registrations;
            this.clients = clients;
        }

        @GetMapping("/test-login/{residentId}")
        void logIn(@PathVariable String residentId, HttpServletRequest request, HttpServletResponse response)
                throws IOException {
            Instant now = Instant.now();
            OidcIdToken idToken = new OidcIdToken("id-token", now, now.plusSeconds(600),
                    Map.of("sub", residentId, "iss", "http://issuer.test", "aud", List.of("tsunagu-portal")));
            DefaultOidcUser user = new DefaultOidcUser(List.of(new SimpleGrantedAuthority("OIDC_USER")), idToken);
            OAuth2AuthenticationToken authentication = new OAuth2AuthenticationToken(user, user.getAuthorities(),
                    "regional-id");
            SecurityContext context = SecurityContextHolder.createEmptyContext();
            context.setAuthentication(authentication);
            new HttpSessionSecurityContextRepository().saveContext(context, request, response);
            clients.saveAuthorizedClient(new OAuth2AuthorizedClient(registrations.findByRegistrationId("regional-id"),
                    residentId, new OAuth2AccessToken(OAuth2AccessToken.TokenType.BEARER, "token-of-" + residentId,
                    now, now.plusSeconds(600))), authentication, request, response);
            response.sendRedirect("/apps");
        }
    }
}
