package org.tsunagu.id.token;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.oidc.endpoint.OidcParameterNames;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.token.JwtEncodingContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenCustomizer;
import org.springframework.stereotype.Component;
import org.tsunagu.id.keys.SigningKeys;
import org.tsunagu.id.login.AccountKindRule;
import org.tsunagu.id.operator.Operator;
import org.tsunagu.id.operator.Operators;

/**
 * Shapes every JWT the regional ID issues: signed with the current key ({@code kid}); access
 * tokens carry {@code client_id} and the audience of the resource servers the client may call;
 * resident tokens (access and ID tokens) carry the {@code sub} that client is allowed to see
 * (pairwise for apps); operator tokens carry the operator id and {@code roles: ["operator"]}.
 */
@Component
class HubTokenCustomizer implements OAuth2TokenCustomizer<JwtEncodingContext> {

    private static final Set<AuthorizationGrantType> USER_GRANTS =
            Set.of(AuthorizationGrantType.AUTHORIZATION_CODE, AuthorizationGrantType.REFRESH_TOKEN);

    private final ResidentSubjects subjects;
    private final Operators operators;
    private final SigningKeys keys;

    HubTokenCustomizer(ResidentSubjects subjects, Operators operators, SigningKeys keys) {
        this.subjects = subjects;
        this.operators = operators;
        this.keys = keys;
    }

    @Override
    public void customize(JwtEncodingContext context) {
        context.getJwsHeader().keyId(keys.currentKeyId());
        String clientId = context.getRegisteredClient().getClientId();
        boolean accessToken = OAuth2TokenType.ACCESS_TOKEN.equals(context.getTokenType());
        boolean idToken = OidcParameterNames.ID_TOKEN.equals(context.getTokenType().getValue());
        if (accessToken) {
            context.getClaims().claim("client_id", clientId);
            // a mutable ArrayList: the stored authorization's JSON only admits allow-listed collection types
            context.getClaims().audience(new ArrayList<>(TokenAudiences.forClient(clientId)));
        }
        if ((accessToken || idToken) && USER_GRANTS.contains(context.getAuthorizationGrantType())) {
            Authentication principal = context.getPrincipal();
            if (!AccountKindRule.mayUse(clientId, principal)) {
                throw refused("This account may not use this client.");
            }
            if (AccountKindRule.isOperator(principal)) {
                Operator operator = operators.findByLoginId(principal.getName())
                        .orElseThrow(() -> refused("The operator is no longer known."));
                context.getClaims().subject(operator.operatorId());
                context.getClaims().claim("roles", new ArrayList<>(List.of("operator")));
            } else {
                String sub = subjects.subjectFor(clientId, principal.getName())
                        .orElseThrow(() -> refused("The resident is no longer known."));
                context.getClaims().subject(sub);
            }
        }
    }

    private static OAuth2AuthenticationException refused(String description) {
        return new OAuth2AuthenticationException(new OAuth2Error(OAuth2ErrorCodes.INVALID_GRANT, description, null));
    }
}
