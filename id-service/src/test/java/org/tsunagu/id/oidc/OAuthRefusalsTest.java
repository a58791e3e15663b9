package org.tsunagu.id.oidc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.tsunagu.id.oidc.NimbusClient.VACCINE;
import static org.tsunagu.id.oidc.NimbusClient.VACCINE_REDIRECT;
import static org.tsunagu.id.oidc.NimbusClient.VACCINE_SECRET;
import static org.tsunagu.id.oidc.NimbusClient.basic;
import static org.tsunagu.id.oidc.NimbusClient.errorCode;
import static org.tsunagu.id.oidc.NimbusClient.success;

import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.Date;
import java.util.List;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.oauth2.sdk.AuthorizationCodeGrant;
import com.nimbusds.oauth2.sdk.AuthorizationRequest;
import com.nimbusds.oauth2.sdk.AuthorizationResponse;
import com.nimbusds.oauth2.sdk.ResponseType;
import com.nimbusds.oauth2.sdk.TokenErrorResponse;
import com.nimbusds.oauth2.sdk.TokenIntrospectionRequest;
import com.nimbusds.oauth2.sdk.TokenIntrospectionResponse;
import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import com.nimbusds.oauth2.sdk.id.Issuer;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import com.nimbusds.oauth2.sdk.token.BearerAccessToken;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponse;
import com.nimbusds.openid.connect.sdk.UserInfoRequest;
import com.nimbusds.openid.connect.sdk.UserInfoResponse;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.tsunagu.id.HubHttpClient;
import org.tsunagu.id.IdServiceTestSupport;
import org.tsunagu.id.keys.SigningKeyStore;

/** Every way a client can get it wrong, each refused with the standard OAuth error. */
class OAuthRefusalsTest extends IdServiceTestSupport {

    @Autowired
    SigningKeyStore keys;

    private NimbusClient nimbus() {
        return new NimbusClient(port);
    }

    private NimbusClient.Authorized authorizeHanako() {
        return nimbus().authorize(VACCINE, VACCINE_REDIRECT, "openid", "hanako", "Aizu-Hanako-2026");
    }

    @Test
    void givenAnExtendedRedirectUri_whenAuthorizing_thenA400AndNoRedirectAnywhere() {
        for (String redirect : List.of(VACCINE_REDIRECT + "/more", VACCINE_REDIRECT + "?x=1", "http://127.0.0.1:8765/callbac",
                "http://evil.example/callback")) {
            URI request = nimbus().request(VACCINE, URI.create(redirect), "openid", new CodeVerifier()).build().toURI();

            HttpResponse<String> response = http().get(request.toString());

            assertThat(response.statusCode()).as(redirect).isEqualTo(400);
            assertThat(response.headers().firstValue("Location")).as(redirect).isEmpty();
        }
    }

    @Test
    void givenAnotherRedirectUriAtTheTokenEndpoint_whenExchanging_thenInvalidGrant() {
        NimbusClient.Authorized authorized = authorizeHanako();

        assertThat(errorCode(nimbus().exchange(authorized, URI.create(VACCINE_REDIRECT + "/more"),
                basic(VACCINE, VACCINE_SECRET), null))).isEqualTo("invalid_grant");
    }

    @Test
    void givenNoCodeChallenge_whenAnAppAuthorizes_thenInvalidRequestAtItsRedirectUriWithTheIssuer() {
        URI request = nimbus().request(VACCINE, VACCINE_REDIRECT, "openid", null).build().toURI();

        AuthorizationResponse response = nimbus().followLogin(request, "hanako", "Aizu-Hanako-2026");

        assertThat(response.indicatesSuccess()).isFalse();
        assertThat(response.toErrorResponse().getErrorObject().getCode()).isEqualTo("invalid_request");
        assertThat(response.toErrorResponse().getIssuer()).isEqualTo(new Issuer(ISSUER));
    }

    @Test
    void givenAPlainCodeChallenge_whenAuthorizing_thenRefused() {
        URI request = new AuthorizationRequest.Builder(nimbus().request(VACCINE, VACCINE_REDIRECT, "openid", null).build())
                .codeChallenge(new CodeVerifier(), com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod.PLAIN).build().toURI();

        AuthorizationResponse response = nimbus().followLogin(request, "hanako", "Aizu-Hanako-2026");

        assertThat(response.indicatesSuccess()).isFalse();
        assertThat(response.toErrorResponse().getErrorObject().getCode()).isEqualTo("invalid_request");
    }

    @Test
    void givenAMissingPkceVerifier_whenExchanging_thenInvalidGrant() {
        NimbusClient.Authorized authorized = authorizeHanako();

        assertThat(errorCode(nimbus().token(new AuthorizationCodeGrant(authorized.code(), VACCINE_REDIRECT),
                basic(VACCINE, VACCINE_SECRET), null))).isEqualTo("invalid_grant");
    }

    @Test
    void givenAWrongPkceVerifier_whenExchanging_thenInvalidGrant() {
        NimbusClient.Authorized authorized = authorizeHanako();

        assertThat(errorCode(nimbus().token(new AuthorizationCodeGrant(authorized.code(), VACCINE_REDIRECT, new CodeVerifier()),
                basic(VACCINE, VACCINE_SECRET), null))).isEqualTo("invalid_grant");
    }

    @Test
    void givenAUsedAuthorizationCode_whenExchangedAgain_thenInvalidGrantAndTheFirstTokensAreRevoked() throws Exception {
        NimbusClient.Authorized authorized = authorizeHanako();
        OIDCTokenResponse first = success(nimbus().exchange(authorized, VACCINE_REDIRECT, basic(VACCINE, VACCINE_SECRET), null));

        String again = errorCode(nimbus().exchange(authorized, VACCINE_REDIRECT, basic(VACCINE, VACCINE_SECRET), null));

        assertThat(again).isEqualTo("invalid_grant");
        assertThat(TokenIntrospectionResponse.parse(new TokenIntrospectionRequest(nimbus().endpoint("/oauth2/introspect"),
                basic(VACCINE, VACCINE_SECRET), first.getTokens().getAccessToken()).toHTTPRequest().send())
                .toSuccessResponse().isActive()).isFalse();
    }

    @Test
    void givenTheImplicitFlow_whenRequested_thenNoTokenIsEverIssuedFromTheAuthorizationEndpoint() {
        URI request = new AuthorizationRequest.Builder(new ResponseType("token"), new com.nimbusds.oauth2.sdk.id.ClientID(VACCINE))
                .endpointURI(nimbus().endpoint("/oauth2/authorize")).redirectionURI(VACCINE_REDIRECT)
                .scope(com.nimbusds.oauth2.sdk.Scope.parse("openid")).state(new com.nimbusds.oauth2.sdk.id.State())
                .build().toURI();

        HttpResponse<String> response = new HubHttpClient("http://localhost:" + port).loginThrough(request, "hanako", "Aizu-Hanako-2026");

        String where = response.headers().firstValue("Location").orElse("");
        assertThat(where).doesNotContain("access_token").doesNotContain("code=");
        assertThat(response.statusCode() == 400 || where.contains("error=")).as(where).isTrue();
    }

    @Test
    void givenThePasswordGrant_whenRequested_thenUnsupportedGrantType() throws Exception {
        HTTPRequest request = form("grant_type=password&username=hanako&password=Aizu-Hanako-2026");
        request.setAuthorization(HubHttpClient.basic(VACCINE, VACCINE_SECRET));

        TokenErrorResponse error = TokenErrorResponse.parse(request.send());

        assertThat(error.getErrorObject().getCode()).isEqualTo("unsupported_grant_type");
    }

    @Test
    void givenAPublicClient_whenAskingForClientCredentials_thenInvalidClient() throws Exception {
        for (String client : List.of("tsunagu-portal", "tsunagu-operator-console")) {
            HTTPRequest request = form("grant_type=client_credentials&client_id=" + client);

            var response = request.send();

            assertThat(response.getStatusCode()).as(client).isEqualTo(401);
            assertThat(TokenErrorResponse.parse(response).getErrorObject().getCode()).as(client).isEqualTo("invalid_client");
        }
    }

    @Test
    void givenAnExpiredToken_whenCallingUserinfo_thenInvalidToken() throws Exception {
        String token = signed(keys.currentKey(), Instant.now().minusSeconds(60));

        assertThat(userinfoError(token)).isEqualTo("invalid_token");
    }

    @Test
    void givenAnAlgNoneToken_whenCallingUserinfo_thenInvalidToken() throws Exception {
        String token = new PlainJWT(claims(Instant.now().plusSeconds(300))).serialize();

        assertThat(userinfoError(token)).isEqualTo("invalid_token");
    }

    @Test
    void givenAnHs256TokenKeyedWithThePublishedPublicKey_whenCallingUserinfo_thenInvalidToken() throws Exception {
        RSAKey published = keys.currentKey().toPublicJWK();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID(published.getKeyID()).build(),
                claims(Instant.now().plusSeconds(300)));
        jwt.sign(new MACSigner(published.toRSAPublicKey().getEncoded()));

        assertThat(userinfoError(jwt.serialize())).isEqualTo("invalid_token");
    }

    @Test
    void givenAnAppTokenForTheGateway_whenUsedAtTheIdServicesInternalApi_thenInvalidToken() {
        String appToken = success(nimbus().token(new com.nimbusds.oauth2.sdk.ClientCredentialsGrant(),
                basic(VACCINE, VACCINE_SECRET), null)).getTokens().getAccessToken().getValue();

        HttpResponse<String> response = http().get("/internal/v1/pairwise-subjects/" + VACCINE + "/x",
                "Authorization", "Bearer " + appToken);

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().firstValue("WWW-Authenticate").orElse("")).contains("invalid_token");
    }

    private String userinfoError(String token) throws Exception {
        UserInfoResponse response = UserInfoResponse.parse(new UserInfoRequest(nimbus().endpoint("/userinfo"),
                new BearerAccessToken(token)).toHTTPRequest().send());
        assertThat(response.indicatesSuccess()).isFalse();
        return response.toErrorResponse().getErrorObject().getCode();
    }

    private HTTPRequest form(String body) throws Exception {
        HTTPRequest request = new HTTPRequest(HTTPRequest.Method.POST, nimbus().endpoint("/oauth2/token"));
        request.setContentType("application/x-www-form-urlencoded");
        request.setBody(body);
        return request;
    }

    private static JWTClaimsSet claims(Instant expiry) {
        return new JWTClaimsSet.Builder().issuer(ISSUER).subject("RID-0001").audience(VACCINE)
                .claim("scope", List.of("openid")).issueTime(Date.from(expiry.minusSeconds(300)))
                .expirationTime(Date.from(expiry)).build();
    }

    private static String signed(RSAKey key, Instant expiry) throws Exception {
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(), claims(expiry));
        jwt.sign(new RSASSASigner(key));
        return jwt.serialize();
    }
}
