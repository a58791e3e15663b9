package org.tsunagu.id.token;

import java.util.ArrayList;
import java.util.Set;

import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.oidc.endpoint.OidcParameterNames;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.token.JwtEncodingContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenCustomizer;
import org.springframework.stereotype.Component;

/**
 * Shapes every JWT the regional ID issues: access tokens carry {@code client_id} and the audience
 * of the resource servers the client may call; resident tokens (access and ID tokens) carry the
 * {@code sub} that client is allowed to see (pairwise for apps).
 */
@Component
class HubTokenCustomizer implements OAuth2TokenCustomizer<JwtEncodingContext> {

    private static final Set<AuthorizationGrantType> RESIDENT_GRANTS =
            Set.of(AuthorizationGrantType.AUTHORIZATION_CODE, AuthorizationGrantType.REFRESH_TOKEN);

    private final ResidentSubjects subjects;

    HubTokenCustomizer(ResidentSubjects subjects) {
        this.subjects = subjects;
    }

    @Override
    public void customize(JwtEncodingContext context) {
        String clientId = context.getRegisteredClient().getClientId();
        boolean accessToken = OAuth2TokenType.ACCESS_TOKEN.equals(context.getTokenType());
        boolean idToken = OidcParameterNames.ID_TOKEN.equals(context.getTokenType().getValue());
        if (accessToken) {
            context.getClaims().claim("client_id", clientId);
            // a mutable ArrayList: the stored authorization's JSON only admits allow-listed collection types
            context.getClaims().audience(new ArrayList<>(TokenAudiences.forClient(clientId)));
        }
        if ((accessToken || idToken) && RESIDENT_GRANTS.contains(context.getAuthorizationGrantType())) {
            String loginId = context.getPrincipal().getName();
            String sub = subjects.subjectFor(clientId, loginId)
                    .orElseThrow(() -> new OAuth2AuthenticationException(
                            new OAuth2Error(OAuth2ErrorCodes.INVALID_GRANT, "The resident is no longer known.", null)));
            context.getClaims().subject(sub);
        }
    }
}
