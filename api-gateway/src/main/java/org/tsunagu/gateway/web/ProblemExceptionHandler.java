package org.tsunagu.gateway.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.ConstraintViolationException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.ErrorResponse;
import org.springframework.web.HttpMediaTypeNotAcceptableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.ServletRequestBindingException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.NoHandlerFoundException;
import org.springframework.web.servlet.resource.NoResourceFoundException;

/** Turns every exception reaching MVC into a problem+json answer; never a stack trace. */
@RestControllerAdvice
public class ProblemExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemExceptionHandler.class);

    private final ProblemResponses problems;

    public ProblemExceptionHandler(ProblemResponses problems) {
        this.problems = problems;
    }

    @ExceptionHandler(ApiProblemException.class)
    ResponseEntity<Object> problem(ApiProblemException e, HttpServletRequest request) {
        return problems.entity(e.type(), e.detail(), request);
    }

    @ExceptionHandler({ HandlerMethodValidationException.class, ConstraintViolationException.class,
            MethodArgumentTypeMismatchException.class, ServletRequestBindingException.class,
            HttpMessageNotReadableException.class })
    ResponseEntity<Object> badInput(Exception e, HttpServletRequest request) {
        return problems.entity(ProblemType.BAD_REQUEST, "The request has a missing or malformed value.", request);
    }

    @ExceptionHandler({ NoResourceFoundException.class, NoHandlerFoundException.class })
    ResponseEntity<Object> notFound(Exception e, HttpServletRequest request) {
        return problems.entity(ProblemType.NOT_FOUND, "There is nothing at this path.", request);
    }

    @ExceptionHandler(HttpRequestMethodNotSupportedException.class)
    ResponseEntity<Object> methodNotAllowed(HttpRequestMethodNotSupportedException e, HttpServletRequest request) {
        ResponseEntity<Object> entity = problems.entity(ProblemType.METHOD_NOT_ALLOWED,
                "This method is not supported here.", request);
        HttpHeaders headers = new HttpHeaders();
        headers.putAll(entity.getHeaders());
        if (e.getSupportedHttpMethods() != null) {
            headers.setAllow(e.getSupportedHttpMethods());
        }
        return new ResponseEntity<>(entity.getBody(), headers, entity.getStatusCode());
    }

    @ExceptionHandler(HttpMediaTypeNotAcceptableException.class)
    ResponseEntity<Object> notAcceptable(Exception e, HttpServletRequest request) {
        return problems.entity(ProblemType.NOT_ACCEPTABLE, "Only application/json is produced.", request);
    }

    @ExceptionHandler(HttpMediaTypeNotSupportedException.class)
    ResponseEntity<Object> unsupportedMediaType(Exception e, HttpServletRequest request) {
        return problems.entity(ProblemType.UNSUPPORTED_MEDIA_TYPE, "This content type is not supported.", request);
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<Object> other(Exception e, HttpServletRequest request) {
        if (e instanceof ErrorResponse errorResponse) {
            int status = errorResponse.getStatusCode().value();
            if (status == 404) {
                return notFound(e, request);
            }
            if (status >= 400 && status < 500) {
                return badInput(e, request);
            }
        }
        log.error("Unexpected failure", e);
        return problems.entity(ProblemType.INTERNAL_ERROR, null, request);
    }
}
