package org.tsunagu.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.oauth2.sdk.AuthorizationCode;
import com.nimbusds.oauth2.sdk.AuthorizationCodeGrant;
import com.nimbusds.oauth2.sdk.ClientCredentialsGrant;
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
import com.nimbusds.openid.connect.sdk.AuthenticationRequest;
import com.nimbusds.openid.connect.sdk.Nonce;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponse;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponseParser;

/**
 * Gets real tokens from the running regional ID the way apps and residents do: a
 * resident logs in through the login page (authorization code + PKCE S256, driven over
 * plain HTTP like a browser without JavaScript), an app backend uses client credentials.
 * The OAuth side uses the independent Nimbus OAuth 2.0 / OIDC SDK.
 */
final class RegionalId {

    static final URI ISSUER = URI.create("http://localhost:9000");
    static final String PORTAL = "tsunagu-portal";
    static final String LOOPBACK_REDIRECT = "http://127.0.0.1:8765/callback";

    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\"[^>]*value=\"([^\"]+)\"|value=\"([^\"]+)\"[^>]*name=\"_csrf\"");

    /** What a login yields. {@code subject} is the sub the client sees (pairwise for apps). */
    record Login(String accessToken, String subject, JWTClaimsSet accessClaims) {
    }

    private RegionalId() {
    }

    /** A resident logs in to the hub's own portal (first-party; token for consent and audit). */
    static Login portal(Resident resident) {
        return logIn(resident, PORTAL, null, LOOPBACK_REDIRECT);
    }

    /** A resident logs in to a third-party app; the app receives its pairwise sub. */
    static Login app(Resident resident, DemoApp app) {
        return logIn(resident, app.clientId(), app.secret(), app.redirectUri());
    }

    static String clientCredentials(DemoApp app) {
        TokenRequest request = new TokenRequest(ISSUER.resolve("/oauth2/token"),
                new ClientSecretBasic(new ClientID(app.clientId()), new Secret(app.secret())),
                new ClientCredentialsGrant(), null);
        try {
            TokenResponse response = TokenResponse.parse(request.toHTTPRequest().send());
            assertThat(response.indicatesSuccess()).as("client credentials for %s: %s", app.clientId(),
                    response.indicatesSuccess() ? "" : response.toErrorResponse().getErrorObject()).isTrue();
            return response.toSuccessResponse().getTokens().getAccessToken().getValue();
        } catch (Exception e) {
            throw new IllegalStateException("Token request failed for " + app.clientId(), e);
        }
    }

    static Login logIn(Resident resident, String clientId, String secret, String redirectUri) {
        CodeVerifier verifier = new CodeVerifier();
        State state = new State();
        AuthenticationRequest authorize = new AuthenticationRequest.Builder(new ResponseType("code"),
                new Scope("openid"), new ClientID(clientId), URI.create(redirectUri))
                .state(state)
                .nonce(new Nonce())
                .codeChallenge(verifier, CodeChallengeMethod.S256)
                .endpointURI(ISSUER.resolve("/oauth2/authorize"))
                .build();
        Browser browser = new Browser();
        HttpResponse<String> page = browser.followUntilPage(authorize.toURI());
        assertThat(page.body()).as("the login page").contains("lang=\"ja\"");
        Matcher csrf = CSRF.matcher(page.body());
        assertThat(csrf.find()).as("CSRF token on the login page").isTrue();
        String token = csrf.group(1) != null ? csrf.group(1) : csrf.group(2);
        URI callback = browser.postFormAndFollowTo(page.uri(),
                "username=" + enc(resident.login()) + "&password=" + enc(resident.password()) + "&_csrf=" + enc(token),
                redirectUri);
        String query = callback.getRawQuery();
        assertThat(param(query, "state")).isEqualTo(state.getValue());
        AuthorizationCode code = new AuthorizationCode(param(query, "code"));

        ClientAuthentication auth = secret == null ? null
                : new ClientSecretBasic(new ClientID(clientId), new Secret(secret));
        AuthorizationCodeGrant grant = new AuthorizationCodeGrant(code, URI.create(redirectUri), verifier);
        TokenRequest request = auth == null
                ? new TokenRequest(ISSUER.resolve("/oauth2/token"), new ClientID(clientId), grant)
                : new TokenRequest(ISSUER.resolve("/oauth2/token"), auth, grant);
        try {
            TokenResponse response = OIDCTokenResponseParser.parse(request.toHTTPRequest().send());
            assertThat(response.indicatesSuccess()).as("code exchange for %s: %s", clientId,
                    response.indicatesSuccess() ? "" : response.toErrorResponse().getErrorObject()).isTrue();
            OIDCTokenResponse ok = (OIDCTokenResponse) response.toSuccessResponse();
            String access = ok.getOIDCTokens().getAccessToken().getValue();
            String idSub = ok.getOIDCTokens().getIDToken().getJWTClaimsSet().getSubject();
            return new Login(access, idSub, SignedJWT.parse(access).getJWTClaimsSet());
        } catch (Exception e) {
            throw new IllegalStateException("Code exchange failed for " + clientId, e);
        }
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static String param(String query, String name) {
        for (String pair : query.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0 && pair.substring(0, eq).equals(name)) {
                return java.net.URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            }
        }
        throw new AssertionError("No " + name + " in " + query);
    }

    /** Just enough of a browser: cookies, manual redirects, form posts. */
    private static final class Browser {
        private final HttpClient http = HttpClient.newBuilder()
                .cookieHandler(new CookieManager(null, CookiePolicy.ACCEPT_ALL))
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(Duration.ofSeconds(5))
                .build();

        HttpResponse<String> followUntilPage(URI start) {
            URI uri = start;
            for (int i = 0; i < 10; i++) {
                HttpResponse<String> r = send(HttpRequest.newBuilder(uri).header("Accept-Language", "ja").GET().build());
                if (r.statusCode() / 100 != 3) {
                    assertThat(r.statusCode()).as("page %s", uri).isEqualTo(200);
                    return r;
                }
                uri = uri.resolve(r.headers().firstValue("Location").orElseThrow());
            }
            throw new AssertionError("Too many redirects from " + start);
        }

        URI postFormAndFollowTo(URI form, String body, String redirectPrefix) {
            HttpResponse<String> r = send(HttpRequest.newBuilder(form)
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build());
            for (int i = 0; i < 10; i++) {
                assertThat(r.statusCode() / 100).as("after login: %s %s", r.statusCode(), r.body()).isEqualTo(3);
                URI next = r.uri().resolve(r.headers().firstValue("Location").orElseThrow());
                if (next.toString().startsWith(redirectPrefix)) {
                    return next;
                }
                r = send(HttpRequest.newBuilder(next).GET().build());
            }
            throw new AssertionError("Never redirected to " + redirectPrefix);
        }

        private HttpResponse<String> send(HttpRequest request) {
            try {
                return http.send(request, HttpResponse.BodyHandlers.ofString());
            } catch (IOException e) {
                throw new IllegalStateException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }
}
