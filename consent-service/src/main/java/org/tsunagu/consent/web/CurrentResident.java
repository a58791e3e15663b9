package org.tsunagu.consent.web;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.stereotype.Component;
import org.springframework.util.StringUtils;

/** The calling resident: the regional resident id in the access token's {@code sub}. */
@Component
class CurrentResident {

    String id() {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (authentication != null && authentication.getPrincipal() instanceof Jwt jwt
                && StringUtils.hasText(jwt.getSubject())) {
            return jwt.getSubject();
        }
        throw new NoResidentException();
    }
}
