package org.tsunagu.id.authserver;

import java.util.UUID;

import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.core.oidc.OidcScopes;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.settings.ClientSettings;
import org.springframework.security.oauth2.server.authorization.settings.TokenSettings;
import org.tsunagu.id.app.AppClients;

/** The hub's own first-party clients (see docs/hub-conventions.md). */
public final class HubClients {

    /** The resident portal / CLI: public client, sees the regional resident id. */
    public static final String PORTAL = "tsunagu-portal";
    /** The gateway's own identity: resolves pairwise subs, queries connectors. */
    public static final String GATEWAY = "tsunagu-gateway";
    /** The municipal operators' console: public client, operators only, tokens carry {@code roles}. */
    public static final String OPERATOR_CONSOLE = "tsunagu-operator-console";

    private HubClients() {
    }

    static RegisteredClient portal(String id) {
        return RegisteredClient.withId(id)
                .clientId(PORTAL)
                .clientName("Tsunagu resident portal")
                .clientAuthenticationMethod(ClientAuthenticationMethod.NONE)
                .authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
                .authorizationGrantType(AuthorizationGrantType.REFRESH_TOKEN)
                .redirectUri("http://127.0.0.1:8765/callback")
                .redirectUri("http://localhost:9001/login/oauth2/code/regional-id")
                .redirectUri("http://localhost:9002/login/oauth2/code/regional-id")
                .scope(OidcScopes.OPENID)
                .clientSettings(ClientSettings.builder().requireProofKey(true).requireAuthorizationConsent(false).build())
                .tokenSettings(TokenSettings.builder()
                        .accessTokenTimeToLive(AppClients.ACCESS_TOKEN_TTL)
                        .reuseRefreshTokens(false)
                        .build())
                .build();
    }

    static RegisteredClient operatorConsole(String id) {
        return RegisteredClient.withId(id)
                .clientId(OPERATOR_CONSOLE)
                .clientName("Tsunagu operator console")
                .clientAuthenticationMethod(ClientAuthenticationMethod.NONE)
                .authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
                .redirectUri("http://127.0.0.1:8765/callback")
                .redirectUri("http://localhost:9000/login/oauth2/code/regional-id")
                .redirectUri("http://localhost:9001/login/oauth2/code/regional-id")
                .redirectUri("http://localhost:9002/login/oauth2/code/regional-id")
                .scope(OidcScopes.OPENID)
                .clientSettings(ClientSettings.builder().requireProofKey(true).requireAuthorizationConsent(false).build())
                .tokenSettings(TokenSettings.builder().accessTokenTimeToLive(AppClients.ACCESS_TOKEN_TTL).build())
                .build();
    }

    static RegisteredClient gateway(String id, String encodedSecret) {
        return RegisteredClient.withId(id)
                .clientId(GATEWAY)
                .clientName("Tsunagu API gateway")
                .clientSecret(encodedSecret)
                .clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_BASIC)
                .authorizationGrantType(AuthorizationGrantType.CLIENT_CREDENTIALS)
                .scope("pairwise.resolve")
                .scope("connector.query")
                .tokenSettings(TokenSettings.builder().accessTokenTimeToLive(AppClients.ACCESS_TOKEN_TTL).build())
                .build();
    }

    static String newId() {
        return UUID.randomUUID().toString();
    }
}
