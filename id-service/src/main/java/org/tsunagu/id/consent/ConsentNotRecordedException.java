package org.tsunagu.id.consent;

import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;

/**
 * consent-service could not record the resident's opt-in, so no authorization code is issued;
 * the resident sees the hub's "please try again later" page rather than being sent to the app.
 */
public class ConsentNotRecordedException extends OAuth2AuthenticationException {

    public ConsentNotRecordedException(Throwable cause) {
        super(new OAuth2Error("temporarily_unavailable",
                "The consent could not be recorded; nothing was shared.", null), cause);
    }
}
