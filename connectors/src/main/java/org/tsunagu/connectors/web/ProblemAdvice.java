package org.tsunagu.connectors.web;

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
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import org.tsunagu.connectors.events.NoticeRejectedException;
import org.tsunagu.connectors.spi.CategoryNotServedException;
import org.tsunagu.connectors.spi.ConnectorException;
import org.tsunagu.connectors.spi.MunicipalRecordNotFoundException;
import org.tsunagu.connectors.spi.ResidentNotLinkedException;
import org.tsunagu.connectors.spi.UpstreamUnavailableException;

/** Turns every failure into the hub's problem+json; never a stack trace. */
@RestControllerAdvice
class ProblemAdvice extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemAdvice.class);

    @ExceptionHandler({ResidentNotLinkedException.class, MunicipalRecordNotFoundException.class})
    ResponseEntity<ProblemDetail> notFound(ConnectorException e, HttpServletRequest request) {
        return respond(Problems.of(HttpStatus.NOT_FOUND, "not-found", "Not found", e.getMessage(), request));
    }

    @ExceptionHandler(CategoryNotServedException.class)
    ResponseEntity<ProblemDetail> categoryNotServed(CategoryNotServedException e, HttpServletRequest request) {
        return respond(Problems.of(HttpStatus.NOT_FOUND, "unknown-category", "Unknown category",
                e.getMessage(), request));
    }

    @ExceptionHandler(UpstreamUnavailableException.class)
    ResponseEntity<ProblemDetail> upstreamUnavailable(UpstreamUnavailableException e, HttpServletRequest request) {
        log.warn("{} ({})", e.getMessage(), describe(e.getCause()));
        return respond(Problems.of(HttpStatus.SERVICE_UNAVAILABLE, "upstream-unavailable", "Upstream unavailable",
                e.getMessage(), request));
    }

    @ExceptionHandler(NoticeRejectedException.class)
    ResponseEntity<ProblemDetail> noticeRejected(NoticeRejectedException e, HttpServletRequest request) {
        return respond(e.unknownResident()
                ? Problems.of(HttpStatus.NOT_FOUND, "not-found", "Not found", e.getMessage(), request)
                : Problems.of(HttpStatus.BAD_REQUEST, "bad-request", "Bad request", e.getMessage(), request));
    }

    private static ResponseEntity<ProblemDetail> respond(ProblemDetail problem) {
        return ResponseEntity.status(problem.getStatus()).body(problem);
    }

    @ExceptionHandler(ConstraintViolationException.class)
    ResponseEntity<ProblemDetail> invalidParameter(ConstraintViolationException e, HttpServletRequest request) {
        ProblemDetail problem = Problems.of(HttpStatus.BAD_REQUEST, "bad-request", "Bad request",
                "A request parameter is invalid.", request);
        return ResponseEntity.badRequest().body(problem);
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<ProblemDetail> unexpected(Exception e, HttpServletRequest request) {
        log.error("Unexpected failure", e);
        ProblemDetail problem = Problems.forStatus(HttpStatus.INTERNAL_SERVER_ERROR, null, request);
        return ResponseEntity.internalServerError().body(problem);
    }

    @Override
    protected @Nullable ResponseEntity<Object> handleExceptionInternal(Exception ex, @Nullable Object body,
            HttpHeaders headers, HttpStatusCode statusCode, WebRequest request) {
        HttpServletRequest servletRequest = ((NativeWebRequest) request).getNativeRequest(HttpServletRequest.class);
        String detail = null;
        if (ex instanceof MethodArgumentTypeMismatchException mismatch) {
            detail = "The " + mismatch.getName() + " is not one the hub knows.";
        } else if (statusCode.value() == 400) {
            detail = "The request is malformed.";
        }
        ProblemDetail problem = Problems.forStatus(statusCode, detail, servletRequest);
        return ResponseEntity.status(statusCode).headers(headers).body(problem);
    }

    private static String describe(Throwable cause) {
        return cause == null ? "no cause" : cause.getClass().getSimpleName() + ": " + cause.getMessage();
    }
}
