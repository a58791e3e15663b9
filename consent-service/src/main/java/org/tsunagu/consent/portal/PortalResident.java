package org.tsunagu.consent.portal;

import java.util.Collection;

import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;

/** The logged-in resident of a portal session: the regional resident id ({@code sub} of the ID token). */
final class PortalResident {

    private PortalResident() {
    }

    /** Operators log in elsewhere; an operator account never sees the resident portal as a resident. */
    static String idOf(OidcUser user) {
        Object roles = user.getClaims().get("roles");
        if (roles instanceof Collection<?> values && values.contains("operator")) {
            throw new AccessDeniedException("Operators have no resident portal.");
        }
        return user.getSubject();
    }
}
