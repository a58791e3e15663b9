package org.tsunagu.gateway.security;

import java.io.IOException;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.server.resource.web.BearerTokenAuthenticationEntryPoint;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.stereotype.Component;
import org.tsunagu.gateway.web.ProblemResponses;
import org.tsunagu.gateway.web.ProblemType;

/** 401 {@code invalid-token} as problem+json, with the RFC 6750 {@code WWW-Authenticate} header. */
@Component
public class ProblemAuthenticationEntryPoint implements AuthenticationEntryPoint {

    private final BearerTokenAuthenticationEntryPoint bearer = new BearerTokenAuthenticationEntryPoint();
    private final ProblemResponses problems;

    public ProblemAuthenticationEntryPoint(ProblemResponses problems) {
        this.problems = problems;
    }

    @Override
    public void commence(HttpServletRequest request, HttpServletResponse response, AuthenticationException e)
            throws IOException {
        bearer.commence(request, response, e); // sets status and WWW-Authenticate, writes no body
        problems.write(response, ProblemType.INVALID_TOKEN,
                "A valid bearer access token for urn:tsunagu:api-gateway is required.", request);
    }
}
