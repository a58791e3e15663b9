package org.tsunagu.id.oidc;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpResponse;

import com.nimbusds.oauth2.sdk.AuthorizationCode;
import com.nimbusds.oauth2.sdk.AuthorizationCodeGrant;
import com.nimbusds.oauth2.sdk.AuthorizationGrant;
import com.nimbusds.oauth2.sdk.AuthorizationRequest;
import com.nimbusds.oauth2.sdk.AuthorizationResponse;
import com.nimbusds.oauth2.sdk.ParseException;
import com.nimbusds.oauth2.sdk.ResponseType;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.oauth2.sdk.auth.ClientAuthentication;
import com.nimbusds.oauth2.sdk.auth.ClientSecretBasic;
import com.nimbusds.oauth2.sdk.auth.Secret;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.State;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import com.nimbusds.openid.connect.sdk.Nonce;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponse;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponseParser;
import org.tsunagu.id.HubHttpClient;

/**
 * Drives the running id-service with the Nimbus OAuth 2.0 / OIDC SDK, an independent client
 * library: it builds and parses every OAuth message; only the resident's typing on the login
 * page is done by {@link HubHttpClient}.
 */
public final class NimbusClient {

    /** A confidential app from seeds/apps.json. */
    public static final String VACCINE = "aizu-vaccine-notebook";
    public static final String VACCINE_SECRET = "vaccine-notebook-demo-secret";
    public static final URI VACCINE_REDIRECT = URI.create("http://127.0.0.1:8765/callback");

    private final String base;

    public NimbusClient(int port) {
        this.base = "http://localhost:" + port;
    }

    public URI endpoint(String path) {
        return URI.create(base + path);
    }

    public static ClientAuthentication basic(String clientId, String secret) {
        return new ClientSecretBasic(new ClientID(clientId), new Secret(secret));
    }

    /** The outcome of an authorization request: the parsed response, and the PKCE verifier used. */
    public record Authorized(AuthorizationResponse response, CodeVerifier verifier, State state) {
        public AuthorizationCode code() {
            return response.toSuccessResponse().getAuthorizationCode();
        }
    }

    public AuthorizationRequest.Builder request(String clientId, URI redirect, String scope, CodeVerifier verifier) {
        AuthorizationRequest.Builder builder = new AuthorizationRequest.Builder(ResponseType.CODE, new ClientID(clientId))
                .endpointURI(endpoint("/oauth2/authorize"))
                .redirectionURI(redirect)
                .scope(Scope.parse(scope))
                .state(new State())
                .customParameter("nonce", new Nonce().getValue());
        if (verifier != null) {
            builder.codeChallenge(verifier, CodeChallengeMethod.S256);
        }
        return builder;
    }

    /** Logs the account in and returns where the server sent the browser back. */
    public Authorized authorize(String clientId, URI redirect, String scope, String loginId, String password) {
        CodeVerifier verifier = new CodeVerifier();
        AuthorizationRequest request = request(clientId, redirect, scope, verifier).build();
        return new Authorized(followLogin(request.toURI(), loginId, password), verifier, request.getState());
    }

    public AuthorizationResponse followLogin(URI authorizeUri, String loginId, String password) {
        HttpResponse<String> last = new HubHttpClient(base).loginThrough(authorizeUri, loginId, password);
        if (last.statusCode() != 302) {
            throw new IllegalStateException("expected a redirect to the client, got " + last.statusCode() + ": " + last.body());
        }
        try {
            return AuthorizationResponse.parse(HubHttpClient.location(last));
        } catch (ParseException e) {
            throw new IllegalStateException(e);
        }
    }

    public TokenResponse exchange(Authorized authorized, URI redirect, ClientAuthentication auth, String publicClientId) {
        return token(new AuthorizationCodeGrant(authorized.code(), redirect, authorized.verifier()), auth, publicClientId);
    }

    /** @param auth the client authentication, or null for a public client named {@code publicClientId} */
    public TokenResponse token(AuthorizationGrant grant, ClientAuthentication auth, String publicClientId) {
        TokenRequest request = auth != null
                ? new TokenRequest(endpoint("/oauth2/token"), auth, grant)
                : new TokenRequest(endpoint("/oauth2/token"), new ClientID(publicClientId), grant);
        try {
            return OIDCTokenResponseParser.parse(request.toHTTPRequest().send());
        } catch (IOException | ParseException e) {
            throw new IllegalStateException(e);
        }
    }

    public static OIDCTokenResponse success(TokenResponse response) {
        if (!response.indicatesSuccess()) {
            throw new AssertionError("token request failed: " + response.toErrorResponse().getErrorObject().toJSONObject());
        }
        return (OIDCTokenResponse) response.toSuccessResponse();
    }

    public static String errorCode(TokenResponse response) {
        if (response.indicatesSuccess()) {
            throw new AssertionError("expected an OAuth error, got tokens");
        }
        return response.toErrorResponse().getErrorObject().getCode();
    }
}
