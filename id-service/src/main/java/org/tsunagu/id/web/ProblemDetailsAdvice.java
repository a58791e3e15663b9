package org.tsunagu.id.web;

import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.ConstraintViolationException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.ErrorResponse;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.ServletWebRequest;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Turns every MVC error into a hub problem: the framework's problems (404 unknown path, 405,
 * 400 bad parameters, 406, 415) get a {@code urn:tsunagu:problem:*} type; anything unexpected
 * becomes a bare 500 problem without internals.
 */
@RestControllerAdvice
class ProblemDetailsAdvice extends ResponseEntityExceptionHandler {

    private static final Map<Integer, String[]> BY_STATUS = Map.of(
            400, new String[] {"bad-request", "Bad request"},
            404, new String[] {"not-found", "Not found"},
            405, new String[] {"method-not-allowed", "Method not allowed"},
            406, new String[] {"not-acceptable", "Not acceptable"},
            409, new String[] {"conflict", "Conflict"},
            415, new String[] {"unsupported-media-type", "Unsupported media type"});

    @ExceptionHandler(ConstraintViolationException.class)
    ResponseEntity<Object> constraintViolation(ConstraintViolationException ex, WebRequest request) {
        ProblemDetail problem = Problems.of(HttpStatus.BAD_REQUEST, "bad-request", "Bad request",
                "A request parameter is not valid.");
        return handleExceptionInternal(ex, problem, new HttpHeaders(), HttpStatus.BAD_REQUEST, request);
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<Object> unexpected(Exception ex, WebRequest request) {
        logger.error("Unexpected error", ex);
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.INTERNAL_SERVER_ERROR,
                "The request could not be processed.");
        problem.setTitle("Internal error");
        return handleExceptionInternal(ex, problem, new HttpHeaders(), HttpStatus.INTERNAL_SERVER_ERROR, request);
    }

    @Override
    protected ResponseEntity<Object> handleExceptionInternal(Exception ex, Object body, HttpHeaders headers,
                                                             HttpStatusCode status, WebRequest request) {
        ProblemDetail problem = body instanceof ProblemDetail p ? p
                : ex instanceof ErrorResponse error ? error.getBody()
                : ProblemDetail.forStatus(status);
        String[] known = BY_STATUS.get(status.value());
        if (known != null && (problem.getType() == null || "about:blank".equals(problem.getType().toString()))) {
            problem.setType(java.net.URI.create("urn:tsunagu:problem:" + known[0]));
            problem.setTitle(known[1]);
        }
        if (status.value() == 400 && problem.getDetail() != null && problem.getDetail().length() > 200) {
            problem.setDetail("The request is not valid.");
        }
        if (request instanceof ServletWebRequest servlet) {
            HttpServletRequest http = servlet.getRequest();
            Problems.withCorrelationId(problem, http);
            if (problem.getInstance() == null) {
                try {
                    problem.setInstance(java.net.URI.create(http.getRequestURI()));
                } catch (IllegalArgumentException notAUri) {
                    // leave instance out rather than fail while reporting another failure
                }
            }
        }
        return super.handleExceptionInternal(ex, problem, headers, status, request);
    }
}
