package org.tsunagu.gateway.web;

/** A request ends with this problem; thrown anywhere, rendered by {@link ProblemExceptionHandler}. */
public class ApiProblemException extends RuntimeException {

    private final ProblemType type;

    public ApiProblemException(ProblemType type, String detail) {
        super(detail, null, false, false);
        this.type = type;
    }

    public ApiProblemException(ProblemType type, String detail, Throwable cause) {
        super(detail, cause, false, false);
        this.type = type;
    }

    public ProblemType type() {
        return type;
    }

    public String detail() {
        return getMessage();
    }
}
