package org.tsunagu.gateway.subject;

/** id-service could not tell an app's sub for a resident right now (not: there is none). */
public class SubjectLookupUnavailableException extends RuntimeException {

    public SubjectLookupUnavailableException(Throwable cause) {
        super("The regional ID could not look up the subject right now.", cause);
    }
}
