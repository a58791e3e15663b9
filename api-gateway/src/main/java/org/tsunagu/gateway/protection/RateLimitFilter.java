package org.tsunagu.gateway.protection;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.filter.OncePerRequestFilter;
import org.tsunagu.gateway.security.SecurityConfig;
import org.tsunagu.gateway.web.ProblemResponses;
import org.tsunagu.gateway.web.ProblemType;

/**
 * Runs after authentication: every request of an authenticated app takes one token from the
 * app's bucket; without one the answer is 429 {@code rate-limited} with {@code Retry-After},
 * before any consent check, connector call or record.
 */
public class RateLimitFilter extends OncePerRequestFilter {

    private final RateLimits limits;
    private final ProblemResponses problems;

    public RateLimitFilter(RateLimits limits, ProblemResponses problems) {
        this.limits = limits;
        this.problems = problems;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String app = callingApp();
        if (app != null) {
            RateLimits.Verdict verdict = limits.tryConsume(app);
            if (!verdict.allowed()) {
                response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(verdict.retryAfterSeconds()));
                problems.write(response, ProblemType.RATE_LIMITED,
                        "This app sent too many requests; try again after " + verdict.retryAfterSeconds() + " s.",
                        request);
                return;
            }
        }
        chain.doFilter(request, response);
    }

    private static String callingApp() {
        var auth = SecurityContextHolder.getContext().getAuthentication();
        if (auth != null && auth.getPrincipal() instanceof Jwt jwt
                && jwt.getClaim(SecurityConfig.CLIENT_ID_CLAIM) instanceof String clientId && !clientId.isBlank()) {
            return clientId;
        }
        return null;
    }
}
