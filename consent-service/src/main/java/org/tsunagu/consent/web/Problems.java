package org.tsunagu.consent.web;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;

/** Builds the hub's RFC 9457 problems: {@code urn:tsunagu:problem:<slug>}, title, status, detail, correlationId. */
final class Problems {

    static final String TYPE_PREFIX = "urn:tsunagu:problem:";

    private Problems() {
    }

    static ProblemDetail problem(HttpStatusCode status, String slug, String title, String detail,
                                 HttpServletRequest request) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        decorate(problem, slug, title, request);
        return problem;
    }

    static void decorate(ProblemDetail problem, String slug, String title, HttpServletRequest request) {
        problem.setType(URI.create(TYPE_PREFIX + slug));
        problem.setTitle(title);
        if (request != null) {
            problem.setInstance(URI.create(request.getRequestURI()));
            String correlationId = CorrelationIdFilter.of(request);
            if (correlationId != null) {
                problem.setProperty("correlationId", correlationId);
            }
        }
    }

    /** The problem as a plain JSON object, for code that writes responses outside Spring MVC. */
    static Map<String, Object> asMap(ProblemDetail problem) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", String.valueOf(problem.getType()));
        body.put("title", problem.getTitle());
        body.put("status", problem.getStatus());
        if (problem.getDetail() != null) {
            body.put("detail", problem.getDetail());
        }
        if (problem.getInstance() != null) {
            body.put("instance", problem.getInstance().toString());
        }
        if (problem.getProperties() != null) {
            body.putAll(problem.getProperties());
        }
        return body;
    }

    /** The slug and title used for a bare HTTP status. */
    static String[] slugAndTitle(HttpStatusCode status) {
        return switch (status.value()) {
            case 400 -> new String[] {"bad-request", "Bad request"};
            case 401 -> new String[] {"invalid-token", "Invalid or missing token"};
            case 403 -> new String[] {"insufficient-scope", "Forbidden"};
            case 404 -> new String[] {"not-found", "Not found"};
            case 405 -> new String[] {"method-not-allowed", "Method not allowed"};
            case 406 -> new String[] {"not-acceptable", "Not acceptable"};
            case 409 -> new String[] {"conflict", "Conflict"};
            case 415 -> new String[] {"unsupported-media-type", "Unsupported media type"};
            case 422 -> new String[] {"unprocessable", "Unprocessable request"};
            case 503 -> new String[] {"dependency-unavailable", "Dependency unavailable"};
            default -> status.is4xxClientError()
                    ? new String[] {"bad-request", "Bad request"}
                    : new String[] {"internal-error", "Internal error"};
        };
    }
}
