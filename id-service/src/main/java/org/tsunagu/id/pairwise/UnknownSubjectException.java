package org.tsunagu.id.pairwise;

import java.net.URI;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** The (clientId, sub) pair was never issued by this hub. */
class UnknownSubjectException extends ErrorResponseException {

    UnknownSubjectException(String clientId) {
        super(HttpStatus.NOT_FOUND, problem(clientId), null);
    }

    private static ProblemDetail problem(String clientId) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND,
                "No resident is known for this subject of app " + clientId + ".");
        problem.setType(URI.create("urn:tsunagu:problem:subject-unknown"));
        problem.setTitle("Subject unknown");
        return problem;
    }
}
