package org.tsunagu.id.app;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.core.oidc.OidcScopes;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.settings.ClientSettings;
import org.springframework.security.oauth2.server.authorization.settings.TokenSettings;

/** Builds the OAuth2 client registration of a third-party app (per docs/hub-conventions.md). */
public final class AppClients {

    /** Access tokens of apps are short-lived: the gateway re-checks consent on every call anyway. */
    public static final Duration ACCESS_TOKEN_TTL = Duration.ofMinutes(5);

    private AppClients() {
    }

    /**
     * @param encodedSecret the client secret, already encoded with the delegating password encoder
     * @param grantTypes    OAuth2 grant type names, e.g. {@code authorization_code}
     * @param accessTokenTtl lifetime of its access tokens (normally {@link #ACCESS_TOKEN_TTL})
     */
    /**
     * A confidential app that authenticates with {@code private_key_jwt} (RFC 7523): a JWT signed
     * (RS256) with its own private key, verified against the public keys at its registered JWKS URL.
     * No secret is stored at the hub.
     */
    public static RegisteredClient privateKeyJwtApp(String clientId, String name, String jwkSetUrl,
                                                    List<String> grantTypes, List<String> redirectUris,
                                                    Duration accessTokenTtl) {
        RegisteredClient withSecret = thirdPartyApp(clientId, name, null, grantTypes, redirectUris, accessTokenTtl);
        return RegisteredClient.from(withSecret)
                .clientSecret(null)
                .clientAuthenticationMethods(methods -> {
                    methods.clear();
                    methods.add(ClientAuthenticationMethod.PRIVATE_KEY_JWT);
                })
                .clientSettings(ClientSettings.withSettings(withSecret.getClientSettings().getSettings())
                        .jwkSetUrl(jwkSetUrl)
                        .tokenEndpointAuthenticationSigningAlgorithm(SignatureAlgorithm.RS256)
                        .build())
                .build();
    }

    public static RegisteredClient thirdPartyApp(String clientId, String name, String encodedSecret,
                                                 List<String> grantTypes, List<String> redirectUris,
                                                 Duration accessTokenTtl) {
        return RegisteredClient.withId(UUID.randomUUID().toString())
                .clientId(clientId)
                .clientName(name)
                .clientSecret(encodedSecret)
                .clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_BASIC)
                .authorizationGrantTypes(types -> grantTypes.forEach(t -> types.add(new AuthorizationGrantType(t))))
                .redirectUris(uris -> uris.addAll(redirectUris))
                .scope(OidcScopes.OPENID)
                .scope(OidcScopes.PROFILE)
                .clientSettings(ClientSettings.builder()
                        .requireProofKey(true)
                        .requireAuthorizationConsent(false)
                        .build())
                .tokenSettings(TokenSettings.builder()
                        .accessTokenTimeToLive(accessTokenTtl)
                        .reuseRefreshTokens(false)
                        .build())
                .build();
    }
}
