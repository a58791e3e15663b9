package org.tsunagu.connectors.web;

import java.net.URI;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;

/** Builds the hub's RFC 9457 problems: {@code urn:tsunagu:problem:<slug>} types and a correlation id. */
final class Problems {

    private Problems() {
    }

    static ProblemDetail of(HttpStatusCode status, String slug, String title, String detail,
                            HttpServletRequest request) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(URI.create("urn:tsunagu:problem:" + slug));
        problem.setTitle(title);
        String correlationId = request == null ? null : CorrelationIdFilter.of(request);
        if (correlationId != null) {
            problem.setProperty("correlationId", correlationId);
        }
        return problem;
    }

    /** The problem for a status the framework decided, e.g. an unknown path or a wrong method. */
    static ProblemDetail forStatus(HttpStatusCode status, String detail, HttpServletRequest request) {
        return switch (status.value()) {
            case 400 -> of(status, "bad-request", "Bad request",
                    detail != null ? detail : "The request is malformed.", request);
            case 401 -> of(status, "invalid-token", "Invalid token",
                    "A valid bearer token for this service is required.", request);
            case 403 -> of(status, "insufficient-scope", "Insufficient scope",
                    "The token does not allow this request.", request);
            case 404 -> of(status, "not-found", "Not found", "There is nothing at this path.", request);
            case 405 -> of(status, "method-not-allowed", "Method not allowed",
                    "This method is not allowed on this path.", request);
            case 406 -> of(status, "not-acceptable", "Not acceptable",
                    "This resource is available as JSON only.", request);
            case 415 -> of(status, "unsupported-media-type", "Unsupported media type",
                    "This media type is not supported here.", request);
            default -> {
                ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, "The request could not be served.");
                String correlationId = request == null ? null : CorrelationIdFilter.of(request);
                if (correlationId != null) {
                    problem.setProperty("correlationId", correlationId);
                }
                yield problem;
            }
        };
    }
}
