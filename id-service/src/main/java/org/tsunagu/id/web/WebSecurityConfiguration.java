package org.tsunagu.id.web;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.MediaType;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.util.matcher.AnyRequestMatcher;
import org.springframework.security.web.util.matcher.MediaTypeRequestMatcher;

import java.util.Set;

/**
 * Everything that is not an OAuth2 endpoint nor {@code /internal/**}: the resident login page,
 * the public app directory and health. Anything else needs a logged-in resident.
 */
@Configuration(proxyBeanMethods = false)
class WebSecurityConfiguration {

    @Bean
    @Order(3)
    SecurityFilterChain webFilterChain(HttpSecurity http, ProblemResponses problems) throws Exception {
        MediaTypeRequestMatcher browser = new MediaTypeRequestMatcher(MediaType.TEXT_HTML);
        browser.setIgnoredMediaTypes(Set.of(MediaType.ALL));
        http.authorizeHttpRequests(requests -> requests
                        .requestMatchers("/login", "/error", "/v1/**", "/actuator/health", "/actuator/health/**",
                                "/favicon.ico").permitAll()
                        .anyRequest().authenticated())
                .formLogin(login -> login.loginPage("/login").failureUrl("/login?error").permitAll())
                .csrf(csrf -> csrf.ignoringRequestMatchers("/v1/**"))
                .exceptionHandling(exceptions -> exceptions
                        .defaultAuthenticationEntryPointFor(new LoginUrlAuthenticationEntryPoint("/login"), browser)
                        .defaultAuthenticationEntryPointFor(problems.invalidToken(), AnyRequestMatcher.INSTANCE));
        return http.build();
    }
}
