package org.tsunagu.consent.portal;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.oauth2.client.ClientAuthorizationRequiredException;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.ResponseStatus;

/** Portal errors as a plain page in the resident's language, never a stack trace. */
@ControllerAdvice(assignableTypes = PortalController.class)
@Order(Ordered.HIGHEST_PRECEDENCE)
class PortalErrors {

    private static final Logger log = LoggerFactory.getLogger(PortalErrors.class);

    @ExceptionHandler(AccessDeniedException.class)
    @ResponseStatus(HttpStatus.FORBIDDEN)
    String forbidden() {
        return "error-page";
    }

    /**
     * Not an error: the resident's access token expired. Rethrown untouched so Spring Security's
     * authorization request filter redirects to the regional ID (silently, within its session).
     */
    @ExceptionHandler(ClientAuthorizationRequiredException.class)
    void reauthorize(ClientAuthorizationRequiredException e) {
        throw e;
    }

    @ExceptionHandler(Exception.class)
    @ResponseStatus(HttpStatus.SERVICE_UNAVAILABLE)
    String unexpected(Exception e) {
        log.warn("Portal page failed: {}", e.toString());
        return "error-page";
    }
}
