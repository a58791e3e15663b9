package org.tsunagu.gateway.security;

import java.io.IOException;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.oauth2.server.resource.web.access.BearerTokenAccessDeniedHandler;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.stereotype.Component;
import org.tsunagu.gateway.web.ProblemResponses;
import org.tsunagu.gateway.web.ProblemType;

/** 403 {@code insufficient-scope} as problem+json when Spring Security refuses an authenticated caller. */
@Component
public class ProblemAccessDeniedHandler implements AccessDeniedHandler {

    private final BearerTokenAccessDeniedHandler bearer = new BearerTokenAccessDeniedHandler();
    private final ProblemResponses problems;

    public ProblemAccessDeniedHandler(ProblemResponses problems) {
        this.problems = problems;
    }

    @Override
    public void handle(HttpServletRequest request, HttpServletResponse response, AccessDeniedException e)
            throws IOException {
        bearer.handle(request, response, e);
        problems.write(response, ProblemType.INSUFFICIENT_SCOPE, "This token may not do this.", request);
    }
}
