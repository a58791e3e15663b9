package org.tsunagu.id.oidc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.tsunagu.id.oidc.NimbusClient.VACCINE;
import static org.tsunagu.id.oidc.NimbusClient.VACCINE_REDIRECT;
import static org.tsunagu.id.oidc.NimbusClient.VACCINE_SECRET;
import static org.tsunagu.id.oidc.NimbusClient.basic;
import static org.tsunagu.id.oidc.NimbusClient.errorCode;
import static org.tsunagu.id.oidc.NimbusClient.success;

import com.nimbusds.oauth2.sdk.GrantType;
import com.nimbusds.oauth2.sdk.RefreshTokenGrant;
import com.nimbusds.oauth2.sdk.ResponseType;
import com.nimbusds.oauth2.sdk.TokenIntrospectionRequest;
import com.nimbusds.oauth2.sdk.TokenIntrospectionResponse;
import com.nimbusds.oauth2.sdk.TokenRevocationRequest;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import com.nimbusds.oauth2.sdk.id.Issuer;
import com.nimbusds.oauth2.sdk.token.BearerAccessToken;
import com.nimbusds.oauth2.sdk.token.RefreshToken;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponse;
import com.nimbusds.openid.connect.sdk.SubjectType;
import com.nimbusds.openid.connect.sdk.UserInfoRequest;
import com.nimbusds.openid.connect.sdk.UserInfoResponse;
import com.nimbusds.openid.connect.sdk.op.OIDCProviderMetadata;
import org.junit.jupiter.api.Test;
import org.tsunagu.id.IdServiceTestSupport;

/**
 * The provider as an independent OIDC client library sees it: discovery, authorization code with
 * PKCE (with {@code iss} in the response), refresh with rotation, revocation, introspection and
 * userinfo.
 */
class OidcFlowTest extends IdServiceTestSupport {

    private NimbusClient nimbus() {
        return new NimbusClient(port);
    }

    private OIDCTokenResponse loginHanako() {
        NimbusClient.Authorized authorized = nimbus().authorize(VACCINE, VACCINE_REDIRECT, "openid", "hanako", "Aizu-Hanako-2026");
        return success(nimbus().exchange(authorized, VACCINE_REDIRECT, basic(VACCINE, VACCINE_SECRET), null));
    }

    @Test
    void givenDiscovery_whenParsedByNimbus_thenItAdvertisesCodeFlowPkcePairwiseAndIssInResponses() throws Exception {
        OIDCProviderMetadata metadata = OIDCProviderMetadata.parse(http().get("/.well-known/openid-configuration").body());

        assertThat(metadata.getIssuer().getValue()).isEqualTo(ISSUER);
        assertThat(metadata.getSubjectTypes()).contains(SubjectType.PAIRWISE);
        assertThat(metadata.getResponseTypes()).containsExactly(ResponseType.CODE);
        assertThat(metadata.getGrantTypes()).doesNotContain(GrantType.IMPLICIT, GrantType.PASSWORD);
        assertThat(metadata.supportsAuthorizationResponseIssuerParam()).isTrue();
        assertThat(metadata.getCodeChallengeMethods()).extracting(Object::toString).contains("S256");
        assertThat(metadata.getRevocationEndpointURI()).isNotNull();
        assertThat(metadata.getIntrospectionEndpointURI()).isNotNull();
    }

    @Test
    void givenAnAppWithPkce_whenTheResidentLogsIn_thenTheResponseNamesTheIssuerAndTheCodeBuysTokens() {
        NimbusClient.Authorized authorized = nimbus().authorize(VACCINE, VACCINE_REDIRECT, "openid", "hanako", "Aizu-Hanako-2026");

        assertThat(authorized.response().indicatesSuccess()).isTrue();
        assertThat(authorized.response().getState()).isEqualTo(authorized.state());
        assertThat(authorized.response().toSuccessResponse().getIssuer()).isEqualTo(new Issuer(ISSUER));
        OIDCTokenResponse tokens = success(nimbus().exchange(authorized, VACCINE_REDIRECT, basic(VACCINE, VACCINE_SECRET), null));
        assertThat(tokens.getOIDCTokens().getIDToken()).isNotNull();
        assertThat(tokens.getOIDCTokens().getRefreshToken()).isNotNull();
    }

    @Test
    void givenARefreshToken_whenUsed_thenANewOneIsIssuedAndTheOldOneNoLongerWorks() {
        OIDCTokenResponse first = loginHanako();
        RefreshToken original = first.getOIDCTokens().getRefreshToken();

        OIDCTokenResponse second = success(nimbus().token(new RefreshTokenGrant(original), basic(VACCINE, VACCINE_SECRET), null));

        RefreshToken rotated = second.getTokens().getRefreshToken();
        assertThat(rotated).isNotNull().isNotEqualTo(original);
        assertThat(second.getTokens().getAccessToken()).isNotEqualTo(first.getTokens().getAccessToken());
        assertThat(success(nimbus().token(new RefreshTokenGrant(rotated), basic(VACCINE, VACCINE_SECRET), null))
                .getTokens().getRefreshToken()).isNotEqualTo(rotated);
    }

    @Test
    void givenAUsedRefreshTokenComingBack_whenPresented_thenItIsRefusedAndTheWholeFamilyIsRevoked() {
        RefreshToken original = loginHanako().getOIDCTokens().getRefreshToken();
        OIDCTokenResponse rotated = success(nimbus().token(new RefreshTokenGrant(original), basic(VACCINE, VACCINE_SECRET), null));
        RefreshToken current = rotated.getTokens().getRefreshToken();

        String reuse = errorCode(nimbus().token(new RefreshTokenGrant(original), basic(VACCINE, VACCINE_SECRET), null));

        assertThat(reuse).isEqualTo("invalid_grant");
        assertThat(errorCode(nimbus().token(new RefreshTokenGrant(current), basic(VACCINE, VACCINE_SECRET), null)))
                .as("the legitimate holder's current refresh token is revoked with the family").isEqualTo("invalid_grant");
        assertThat(introspect(rotated.getTokens().getBearerAccessToken()).isActive())
                .as("and so is the family's access token").isFalse();
    }

    @Test
    void givenAnAccessToken_whenIntrospectedByItsApp_thenItIsActiveWithItsPairwiseSubAndAudience() throws Exception {
        OIDCTokenResponse tokens = loginHanako();

        var introspection = introspect(tokens.getTokens().getBearerAccessToken());

        assertThat(introspection.isActive()).isTrue();
        assertThat(introspection.getClientID().getValue()).isEqualTo(VACCINE);
        assertThat(introspection.getSubject().getValue()).doesNotContain("RID").hasSize(43);
        assertThat(introspection.getAudience()).extracting(Object::toString).containsExactly("urn:tsunagu:api-gateway");
    }

    @Test
    void givenARevokedRefreshToken_whenUsedOrIntrospected_thenItIsDead() throws Exception {
        OIDCTokenResponse tokens = loginHanako();
        RefreshToken refresh = tokens.getTokens().getRefreshToken();

        HTTPResponse revoked = new TokenRevocationRequest(nimbus().endpoint("/oauth2/revoke"), basic(VACCINE, VACCINE_SECRET), refresh)
                .toHTTPRequest().send();

        assertThat(revoked.getStatusCode()).isEqualTo(200);
        assertThat(errorCode(nimbus().token(new RefreshTokenGrant(refresh), basic(VACCINE, VACCINE_SECRET), null))).isEqualTo("invalid_grant");
        var introspection = TokenIntrospectionResponse.parse(new TokenIntrospectionRequest(nimbus().endpoint("/oauth2/introspect"),
                basic(VACCINE, VACCINE_SECRET), refresh).toHTTPRequest().send()).toSuccessResponse();
        assertThat(introspection.isActive()).isFalse();
    }

    @Test
    void givenARevokedAccessToken_whenIntrospected_thenItIsInactive() throws Exception {
        BearerAccessToken access = loginHanako().getTokens().getBearerAccessToken();

        new TokenRevocationRequest(nimbus().endpoint("/oauth2/revoke"), basic(VACCINE, VACCINE_SECRET), access).toHTTPRequest().send();

        assertThat(introspect(access).isActive()).isFalse();
    }

    @Test
    void givenAnAccessToken_whenUserinfoIsCalled_thenOnlyThePairwiseSubComesBack() throws Exception {
        OIDCTokenResponse tokens = loginHanako();

        UserInfoResponse response = UserInfoResponse.parse(new UserInfoRequest(nimbus().endpoint("/userinfo"),
                tokens.getTokens().getBearerAccessToken()).toHTTPRequest().send());

        assertThat(response.indicatesSuccess()).isTrue();
        var info = response.toSuccessResponse().getUserInfo();
        assertThat(info.getSubject().getValue())
                .isEqualTo(tokens.getOIDCTokens().getIDToken().getJWTClaimsSet().getSubject());
        assertThat(info.toJSONObject()).containsOnlyKeys("sub");
    }

    private com.nimbusds.oauth2.sdk.TokenIntrospectionSuccessResponse introspect(BearerAccessToken token) {
        try {
            return TokenIntrospectionResponse.parse(new TokenIntrospectionRequest(nimbus().endpoint("/oauth2/introspect"),
                    basic(VACCINE, VACCINE_SECRET), token).toHTTPRequest().send()).toSuccessResponse();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
