package org.tsunagu.audit.web;

import java.net.URI;

import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;

/** Builds the hub's RFC 9457 problems, typed {@code urn:tsunagu:problem:<slug>}. */
final class Problems {

    private Problems() {
    }

    static ProblemDetail of(HttpStatusCode status, String slug, String title, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(URI.create("urn:tsunagu:problem:" + slug));
        problem.setTitle(title);
        return problem;
    }

    /** The problem for a status, e.g. an unknown path or a wrong method. */
    static ProblemDetail forStatus(HttpStatusCode status, String detail) {
        return switch (status.value()) {
            case 400 -> of(status, "bad-request", "Bad request", detail != null ? detail : "The request is malformed.");
            case 401 -> of(status, "invalid-token", "Invalid token",
                    "A valid bearer token for this service is required.");
            case 403 -> of(status, "insufficient-scope", "Insufficient scope", "The token does not allow this request.");
            case 404 -> of(status, "not-found", "Not found", "There is nothing at this path.");
            case 405 -> of(status, "method-not-allowed", "Method not allowed", "This method is not allowed on this path.");
            case 406 -> of(status, "not-acceptable", "Not acceptable", "This resource is not available in the requested media type.");
            case 409 -> of(status, "conflict", "Conflict", detail != null ? detail : "The request conflicts with the current state.");
            case 415 -> of(status, "unsupported-media-type", "Unsupported media type",
                    "This media type is not supported here.");
            default -> ProblemDetail.forStatusAndDetail(status, "The request could not be served.");
        };
    }
}
