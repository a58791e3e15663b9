package org.tsunagu.id.web;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.MediaType;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.SavedRequestAwareAuthenticationSuccessHandler;
import org.springframework.security.web.authentication.UsernamePasswordAuthenticationFilter;
import org.tsunagu.id.IdServiceProperties;
import org.springframework.security.web.authentication.AnonymousAuthenticationFilter;
import org.tsunagu.id.login.LoginAccounts;
import org.tsunagu.id.passkey.PasskeyRegistrationGuard;
import org.tsunagu.id.login.LoginThrottle;
import org.tsunagu.id.login.LoginThrottleFilter;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.util.matcher.AnyRequestMatcher;
import org.springframework.security.web.util.matcher.MediaTypeRequestMatcher;

import java.util.Set;

/**
 * Everything that is not an OAuth2 endpoint nor {@code /internal/**}: the resident login page,
 * the public app directory and health, and passkeys ({@code webAuthn()}: login at
 * {@code /login/webauthn}, registration under {@code /webauthn/register} for residents only).
 * Anything else needs a logged-in resident.
 */
@Configuration(proxyBeanMethods = false)
class WebSecurityConfiguration {

    @Bean
    @Order(3)
    SecurityFilterChain webFilterChain(HttpSecurity http, ProblemResponses problems, LoginThrottle throttle,
            IdServiceProperties properties) throws Exception {
        IdServiceProperties.Webauthn passkeys = properties.webauthn();
        SavedRequestAwareAuthenticationSuccessHandler backToWhereTheyCameFrom = new SavedRequestAwareAuthenticationSuccessHandler();
        MediaTypeRequestMatcher browser = new MediaTypeRequestMatcher(MediaType.TEXT_HTML);
        browser.setIgnoredMediaTypes(Set.of(MediaType.ALL));
        http.authorizeHttpRequests(requests -> requests
                        .requestMatchers("/login", "/signup", "/error", "/v1/**", "/actuator/health", "/actuator/health/**",
                                "/favicon.ico", "/login/webauthn.js", "/webauthn/authenticate/options", "/login/webauthn")
                        .permitAll()
                        .requestMatchers("/admin/**").hasAuthority(LoginAccounts.OPERATOR)
                        // passkeys are registered by a logged-in resident for themself (ADR 0027a)
                        .requestMatchers("/webauthn/register", "/webauthn/register/**").hasAuthority(LoginAccounts.RESIDENT)
                        .anyRequest().authenticated())
                .formLogin(login -> login.loginPage("/login").permitAll()
                        .failureHandler((request, response, failure) -> {
                            throttle.failed(request.getParameter("username"), request.getRemoteAddr());
                            response.sendRedirect("/login?error");
                        })
                        .successHandler((request, response, authentication) -> {
                            throttle.succeeded(authentication.getName());
                            backToWhereTheyCameFrom.onAuthenticationSuccess(request, response, authentication);
                        }))
                .webAuthn(webAuthn -> webAuthn.rpId(passkeys.rpId()).rpName(passkeys.rpName())
                        .allowedOrigins(passkeys.originsOr(properties.issuerUri())))
                .addFilterAfter(new PasskeyRegistrationGuard(problems.invalidToken(), problems.insufficientScope()),
                        AnonymousAuthenticationFilter.class)
                .addFilterBefore(new LoginThrottleFilter(throttle), UsernamePasswordAuthenticationFilter.class)
                .csrf(csrf -> csrf.ignoringRequestMatchers("/v1/**"))
                .exceptionHandling(exceptions -> exceptions
                        .defaultAuthenticationEntryPointFor(new LoginUrlAuthenticationEntryPoint("/login"), browser)
                        .defaultAuthenticationEntryPointFor(problems.invalidToken(), AnyRequestMatcher.INSTANCE));
        return http.build();
    }
}
