package org.tsunagu.consent.web;

import java.util.stream.Collectors;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.ConstraintViolationException;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.ServletWebRequest;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import org.tsunagu.consent.apps.AppDirectoryUnavailableException;
import org.tsunagu.consent.grant.GrantRejectedException;
import org.tsunagu.consent.ledger.ConcurrentConsentChangeException;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;

/** Every error as an RFC 9457 problem with a {@code urn:tsunagu:problem:*} type; never a stack trace. */
@RestControllerAdvice
class ApiExceptionHandler extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ApiExceptionHandler.class);

    @ExceptionHandler(GrantRejectedException.class)
    ResponseEntity<Object> grantRejected(GrantRejectedException e, HttpServletRequest request) {
        return problem(HttpStatus.UNPROCESSABLE_CONTENT, e.reason().slug(), e.reason().title(), e.getMessage(),
                request);
    }

    @ExceptionHandler(AppDirectoryUnavailableException.class)
    ResponseEntity<Object> directoryUnavailable(AppDirectoryUnavailableException e, HttpServletRequest request) {
        log.warn("App directory unavailable: {}", e.getMessage());
        return problem(HttpStatus.SERVICE_UNAVAILABLE, "dependency-unavailable", "Dependency unavailable",
                "The app directory could not be reached; nothing was changed. Try again shortly.", request);
    }

    @ExceptionHandler(ConsentNotFoundException.class)
    ResponseEntity<Object> notFound(ConsentNotFoundException e, HttpServletRequest request) {
        return problem(HttpStatus.NOT_FOUND, "not-found", "Not found", "You have no consent item with this id.",
                request);
    }

    @ExceptionHandler(ConcurrentConsentChangeException.class)
    ResponseEntity<Object> concurrentChange(ConcurrentConsentChangeException e, HttpServletRequest request) {
        return problem(HttpStatus.CONFLICT, "conflict", "Conflict",
                "The consent item was changed at the same time; try again.", request);
    }

    @ExceptionHandler(NoResidentException.class)
    ResponseEntity<Object> noResident(NoResidentException e, HttpServletRequest request) {
        return problem(HttpStatus.UNAUTHORIZED, "invalid-token", "Invalid or missing token", e.getMessage(),
                request);
    }

    @ExceptionHandler(ConstraintViolationException.class)
    ResponseEntity<Object> constraintViolation(ConstraintViolationException e, HttpServletRequest request) {
        String detail = e.getConstraintViolations().stream()
                .map(v -> lastNode(v.getPropertyPath().toString()) + ": " + v.getMessage())
                .sorted()
                .collect(Collectors.joining("; "));
        return problem(HttpStatus.BAD_REQUEST, "bad-request", "Bad request", detail, request);
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<Object> unexpected(Exception e, HttpServletRequest request) {
        log.error("Unexpected error on {} {}", request.getMethod(), request.getRequestURI(), e);
        return problem(HttpStatus.INTERNAL_SERVER_ERROR, "internal-error", "Internal error",
                "Something went wrong on our side.", request);
    }

    @Override
    protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        String detail = ex.getBindingResult().getFieldErrors().stream()
                .map(error -> error.getField() + ": " + error.getDefaultMessage())
                .sorted()
                .collect(Collectors.joining("; "));
        ProblemDetail body = ProblemDetail.forStatusAndDetail(status,
                detail.isEmpty() ? "The request body is invalid." : detail);
        return handleExceptionInternal(ex, body, headers, status, request);
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        ProblemDetail body = ProblemDetail.forStatusAndDetail(status, unreadableDetail(ex));
        return handleExceptionInternal(ex, body, headers, status, request);
    }

    @Override
    protected ResponseEntity<Object> handleExceptionInternal(Exception ex, @Nullable Object body,
            HttpHeaders headers, HttpStatusCode statusCode, WebRequest request) {
        ProblemDetail problem = body instanceof ProblemDetail detail
                ? detail
                : ProblemDetail.forStatus(statusCode);
        String[] slugAndTitle = Problems.slugAndTitle(statusCode);
        HttpServletRequest servletRequest = request instanceof ServletWebRequest swr ? swr.getRequest() : null;
        Problems.decorate(problem, slugAndTitle[0], slugAndTitle[1], servletRequest);
        return super.handleExceptionInternal(ex, problem, headers, statusCode, request);
    }

    private static ResponseEntity<Object> problem(HttpStatus status, String slug, String title, String detail,
                                                  HttpServletRequest request) {
        return ResponseEntity.status(status).body(Problems.problem(status, slug, title, detail, request));
    }

    private static String unreadableDetail(HttpMessageNotReadableException ex) {
        Throwable cause = ex.getCause();
        if (cause instanceof UnrecognizedPropertyException unknown) {
            return "Unknown property '" + unknown.getPropertyName() + "'.";
        }
        if (cause instanceof JacksonException jackson && !jackson.getPath().isEmpty()) {
            String field = jackson.getPath().stream()
                    .map(ref -> ref.getPropertyName() != null ? ref.getPropertyName() : "[" + ref.getIndex() + "]")
                    .collect(Collectors.joining("."));
            return "Invalid value for '" + field + "'.";
        }
        return "The request body is missing or is not valid JSON.";
    }

    private static String lastNode(String path) {
        int dot = path.lastIndexOf('.');
        return dot < 0 ? path : path.substring(dot + 1);
    }
}
