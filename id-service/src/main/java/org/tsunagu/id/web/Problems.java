package org.tsunagu.id.web;

import java.net.URI;
import java.util.regex.Pattern;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;

/** Builds the hub's RFC 9457 problems: {@code type} is {@code urn:tsunagu:problem:<slug>}. */
public final class Problems {

    private static final Pattern CORRELATION_ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    private Problems() {
    }

    public static ProblemDetail of(HttpStatusCode status, String slug, String title, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(URI.create("urn:tsunagu:problem:" + slug));
        problem.setTitle(title);
        return problem;
    }

    /** Adds the caller's {@code X-Correlation-Id}, when it is a valid one. */
    public static ProblemDetail withCorrelationId(ProblemDetail problem, HttpServletRequest request) {
        String id = request.getHeader("X-Correlation-Id");
        if (id != null && CORRELATION_ID.matcher(id).matches()) {
            problem.setProperty("correlationId", id);
        }
        return problem;
    }
}
