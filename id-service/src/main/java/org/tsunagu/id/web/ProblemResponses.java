package org.tsunagu.id.web;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.security.oauth2.server.resource.InvalidBearerTokenException;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/** Answers Spring Security's 401/403 on the hub APIs with problem+json instead of empty bodies. */
@Component
public class ProblemResponses {

    private final JsonMapper json;

    public ProblemResponses(JsonMapper json) {
        this.json = json;
    }

    /** 401 {@code invalid-token}: no token, or one that is expired, badly signed or not meant for us. */
    public AuthenticationEntryPoint invalidToken() {
        return (request, response, failure) -> {
            String challenge = failure instanceof InvalidBearerTokenException
                    ? "Bearer error=\"invalid_token\"" : "Bearer";
            response.setHeader(HttpHeaders.WWW_AUTHENTICATE, challenge);
            write(request, response, Problems.of(HttpStatus.UNAUTHORIZED, "invalid-token", "Invalid token",
                    "A valid bearer token for this service is required."));
        };
    }

    /** 403 {@code insufficient-scope}: a valid token that does not allow this call. */
    public AccessDeniedHandler insufficientScope() {
        return (request, response, denied) -> {
            response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer error=\"insufficient_scope\"");
            write(request, response, Problems.of(HttpStatus.FORBIDDEN, "insufficient-scope", "Insufficient scope",
                    "The token does not allow this call."));
        };
    }

    private void write(HttpServletRequest request, HttpServletResponse response, ProblemDetail problem) throws IOException {
        Problems.withCorrelationId(problem, request);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", problem.getType().toString());
        body.put("title", problem.getTitle());
        body.put("status", problem.getStatus());
        body.put("detail", problem.getDetail());
        body.put("instance", request.getRequestURI());
        if (problem.getProperties() != null) {
            body.putAll(problem.getProperties());
        }
        response.setStatus(problem.getStatus());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        response.setCharacterEncoding("UTF-8");
        json.writeValue(response.getOutputStream(), body);
    }
}
