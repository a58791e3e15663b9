package org.tsunagu.gateway.web;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;

import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Answers errors that never reached MVC (container-level failures) with a problem, not a white page. */
@RestController
public class ProblemErrorController implements ErrorController {

    private final ProblemResponses problems;

    public ProblemErrorController(ProblemResponses problems) {
        this.problems = problems;
    }

    @RequestMapping("/error")
    ResponseEntity<Object> error(HttpServletRequest request) {
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        int status = code instanceof Integer i ? i : 500;
        ProblemType type = switch (status) {
            case 400 -> ProblemType.BAD_REQUEST;
            case 401 -> ProblemType.INVALID_TOKEN;
            case 403 -> ProblemType.INSUFFICIENT_SCOPE;
            case 404 -> ProblemType.NOT_FOUND;
            case 405 -> ProblemType.METHOD_NOT_ALLOWED;
            case 406 -> ProblemType.NOT_ACCEPTABLE;
            case 415 -> ProblemType.UNSUPPORTED_MEDIA_TYPE;
            default -> status >= 400 && status < 500 ? ProblemType.BAD_REQUEST : ProblemType.INTERNAL_ERROR;
        };
        return problems.entity(type, null, request);
    }
}
