package org.tsunagu.id.login;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;

import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.oauth2.sdk.AuthorizationResponse;
import com.nimbusds.oauth2.sdk.id.Issuer;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponse;
import org.junit.jupiter.api.Test;
import org.tsunagu.id.IdServiceTestSupport;
import org.tsunagu.id.oidc.NimbusClient;

/** Operators log in on the same page but only to the operator console; residents never to it. */
class OperatorLoginTest extends IdServiceTestSupport {

    private static final String CONSOLE = "tsunagu-operator-console";
    private static final URI CLI_REDIRECT = URI.create("http://127.0.0.1:8765/callback");

    private NimbusClient nimbus() {
        return new NimbusClient(port);
    }

    @Test
    void givenASeedOperator_whenLoggingInToTheConsole_thenTokensCarryTheOperatorIdRoleAndAudiences() throws Exception {
        NimbusClient.Authorized authorized = nimbus().authorize(CONSOLE, CLI_REDIRECT, "openid", "aizu-operator", "Aizu-Operator-2026");

        OIDCTokenResponse tokens = NimbusClient.success(nimbus().exchange(authorized, CLI_REDIRECT, null, CONSOLE));

        JWTClaimsSet access = SignedJWT.parse(tokens.getTokens().getAccessToken().getValue()).getJWTClaimsSet();
        assertThat(access.getSubject()).isEqualTo("OP-0001");
        assertThat(access.getStringListClaim("roles")).containsExactly("operator");
        assertThat(access.getAudience()).containsExactlyInAnyOrder(
                "urn:tsunagu:id-service", "urn:tsunagu:consent-service", "urn:tsunagu:audit-service");
        assertThat(access.getStringClaim("client_id")).isEqualTo(CONSOLE);
        JWTClaimsSet id = tokens.getOIDCTokens().getIDToken().getJWTClaimsSet();
        assertThat(id.getSubject()).isEqualTo("OP-0001");
        assertThat(id.getStringListClaim("roles")).containsExactly("operator");
        assertThat(tokens.getTokens().getRefreshToken()).as("authorization_code only").isNull();
    }

    @Test
    void givenAResident_whenLoggingInToTheConsole_thenAccessDeniedAtTheRedirectUri() {
        AuthorizationResponse response = nimbus().authorize(CONSOLE, CLI_REDIRECT, "openid", "hanako", "Aizu-Hanako-2026").response();

        assertThat(response.indicatesSuccess()).isFalse();
        assertThat(response.toErrorResponse().getErrorObject().getCode()).isEqualTo("access_denied");
        assertThat(response.toErrorResponse().getIssuer()).isEqualTo(new Issuer(ISSUER));
    }

    @Test
    void givenAnOperator_whenLoggingInToThePortalOrAnApp_thenAccessDenied() {
        AuthorizationResponse portal = nimbus().authorize("tsunagu-portal", CLI_REDIRECT, "openid",
                "bandai-operator", "Bandai-Operator-2026").response();
        AuthorizationResponse app = nimbus().authorize(NimbusClient.VACCINE, NimbusClient.VACCINE_REDIRECT, "openid",
                "bandai-operator", "Bandai-Operator-2026").response();

        assertThat(portal.toErrorResponse().getErrorObject().getCode()).isEqualTo("access_denied");
        assertThat(app.toErrorResponse().getErrorObject().getCode()).isEqualTo("access_denied");
    }

    @Test
    void givenAResidentAtThePortal_whenTokensAreIssued_thenTheyCarryNoRoles() throws Exception {
        NimbusClient.Authorized authorized = nimbus().authorize("tsunagu-portal", CLI_REDIRECT, "openid", "hanako", "Aizu-Hanako-2026");

        OIDCTokenResponse tokens = NimbusClient.success(nimbus().exchange(authorized, CLI_REDIRECT, null, "tsunagu-portal"));

        JWTClaimsSet access = SignedJWT.parse(tokens.getTokens().getAccessToken().getValue()).getJWTClaimsSet();
        assertThat(access.getSubject()).isEqualTo("RID-0001");
        assertThat(access.getClaims()).doesNotContainKey("roles");
        assertThat(tokens.getOIDCTokens().getIDToken().getJWTClaimsSet().getClaims()).doesNotContainKey("roles");
    }
}
