package org.tsunagu.id.token;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.Map;

import com.nimbusds.jwt.JWTClaimsSet;
import org.junit.jupiter.api.Test;
import org.tsunagu.id.HubHttpClient;
import org.tsunagu.id.HubHttpClient.Authorization;
import org.tsunagu.id.IdServiceTestSupport;
import tools.jackson.databind.JsonNode;

/** The authorization code + PKCE flow over plain HTTP, as a resident's browser would drive it. */
class ResidentLoginFlowTest extends IdServiceTestSupport {

    private static final String VACCINE = "aizu-vaccine-notebook";
    private static final String VACCINE_SECRET = "vaccine-notebook-demo-secret";
    private static final String VACCINE_REDIRECT = "http://127.0.0.1:8765/callback";
    private static final String SCHOOL = "bandai-school-notice";
    private static final String SCHOOL_SECRET = "school-notice-demo-secret";
    private static final String SCHOOL_REDIRECT = "http://127.0.0.1:8766/callback";

    private record Tokens(JWTClaimsSet access, JWTClaimsSet id, JsonNode raw) {
    }

    private Tokens loginAs(String clientId, String secret, String redirect, String scope) throws Exception {
        HubHttpClient client = http();
        Authorization authorization = client.authorize(clientId, redirect, scope, "hanako", "Aizu-Hanako-2026");
        assertThat(authorization.code()).as("authorization code, got %s", authorization.finalResponse().headers().map())
                .isNotNull();
        HttpResponse<String> response = client.exchangeCode(clientId, secret, authorization.code(), redirect,
                authorization.verifier());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode body = client.json(response);
        return new Tokens(Jwts.parse(body.get("access_token").asString()).getJWTClaimsSet(),
                Jwts.parse(body.get("id_token").asString()).getJWTClaimsSet(), body);
    }

    @Test
    void givenOneResident_whenTwoAppsLogHerIn_thenEachSeesItsOwnStablePairwiseSubResolvableByTheGateway() throws Exception {
        Tokens vaccine = loginAs(VACCINE, VACCINE_SECRET, VACCINE_REDIRECT, "openid profile");
        Tokens school = loginAs(SCHOOL, SCHOOL_SECRET, SCHOOL_REDIRECT, "openid");
        Tokens vaccineAgain = loginAs(VACCINE, VACCINE_SECRET, VACCINE_REDIRECT, "openid profile");

        String vaccineSub = vaccine.access().getSubject();
        String schoolSub = school.access().getSubject();
        assertThat(vaccineSub).isNotEqualTo(schoolSub).doesNotContain("RID").matches("[A-Za-z0-9_-]{43}");
        assertThat(vaccine.id().getSubject()).isEqualTo(vaccineSub);
        assertThat(school.id().getSubject()).isEqualTo(schoolSub);
        assertThat(vaccineAgain.access().getSubject()).isEqualTo(vaccineSub);
        assertThat(vaccineAgain.id().getSubject()).isEqualTo(vaccineSub);

        assertThat(vaccine.access().getAudience()).containsExactly("urn:tsunagu:api-gateway");
        assertThat(vaccine.access().getStringClaim("client_id")).isEqualTo(VACCINE);
        assertThat(vaccine.id().getAudience()).containsExactly(VACCINE);
        assertThat(vaccine.id().getClaims()).doesNotContainKeys("family_name", "given_name");
        assertThat(vaccine.raw().get("refresh_token")).isNotNull();

        String gatewayToken = http().json(http().clientCredentials("tsunagu-gateway", "gateway-dev-secret", "pairwise.resolve connector.query"))
                .get("access_token").asString();
        for (Map.Entry<String, String> app : Map.of(VACCINE, vaccineSub, SCHOOL, schoolSub).entrySet()) {
            HttpResponse<String> resolved = http().get(
                    "/internal/v1/pairwise-subjects/" + app.getKey() + "/" + app.getValue(),
                    "Authorization", "Bearer " + gatewayToken);
            assertThat(resolved.statusCode()).as(resolved.body()).isEqualTo(200);
            JsonNode subject = http().json(resolved);
            assertThat(subject.get("residentId").asString()).isEqualTo("RID-0001");
            assertThat(subject.get("clientId").asString()).isEqualTo(app.getKey());
            assertThat(subject.get("sub").asString()).isEqualTo(app.getValue());
        }
    }

    @Test
    void givenAnAppToken_whenUserinfoIsCalled_thenOnlyThePairwiseSubIsShown() throws Exception {
        Tokens vaccine = loginAs(VACCINE, VACCINE_SECRET, VACCINE_REDIRECT, "openid profile");

        HttpResponse<String> userinfo = http().get("/userinfo",
                "Authorization", "Bearer " + vaccine.raw().get("access_token").asString());

        assertThat(userinfo.statusCode()).as(userinfo.body()).isEqualTo(200);
        JsonNode claims = http().json(userinfo);
        assertThat(claims.get("sub").asString()).isEqualTo(vaccine.access().getSubject());
        assertThat(userinfo.body()).doesNotContain("RID-0001", "hanako");
    }

    @Test
    void givenAnAppRefreshToken_whenRefreshed_thenTheNewTokensKeepThePairwiseSub() throws Exception {
        Tokens vaccine = loginAs(VACCINE, VACCINE_SECRET, VACCINE_REDIRECT, "openid profile");

        HttpResponse<String> refreshed = http().postForm("/oauth2/token",
                Map.of("grant_type", "refresh_token", "refresh_token", vaccine.raw().get("refresh_token").asString()),
                "Authorization", HubHttpClient.basic(VACCINE, VACCINE_SECRET));

        assertThat(refreshed.statusCode()).as(refreshed.body()).isEqualTo(200);
        JsonNode body = http().json(refreshed);
        JWTClaimsSet access = Jwts.parse(body.get("access_token").asString()).getJWTClaimsSet();
        assertThat(access.getSubject()).isEqualTo(vaccine.access().getSubject());
        assertThat(access.getAudience()).containsExactly("urn:tsunagu:api-gateway");
        assertThat(body.get("refresh_token").asString()).isNotEqualTo(vaccine.raw().get("refresh_token").asString());
    }

    @Test
    void givenThePortal_whenTheResidentLogsIn_thenTheSubIsTheRegionalResidentId() throws Exception {
        HubHttpClient client = http();
        Authorization authorization = client.authorize("tsunagu-portal", "http://127.0.0.1:8765/callback", "openid",
                "hanako", "Aizu-Hanako-2026");
        HttpResponse<String> response = client.exchangeCode("tsunagu-portal", null, authorization.code(),
                "http://127.0.0.1:8765/callback", authorization.verifier());

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode body = client.json(response);
        JWTClaimsSet access = Jwts.parse(body.get("access_token").asString()).getJWTClaimsSet();
        assertThat(access.getSubject()).isEqualTo("RID-0001");
        assertThat(access.getAudience()).containsExactlyInAnyOrder("urn:tsunagu:consent-service", "urn:tsunagu:audit-service");
        assertThat(access.getStringClaim("client_id")).isEqualTo("tsunagu-portal");
        assertThat(Jwts.parse(body.get("id_token").asString()).getJWTClaimsSet().getSubject()).isEqualTo("RID-0001");
    }

    @Test
    void givenAWrongPkceVerifier_whenTheCodeIsExchanged_thenItIsRefused() {
        HubHttpClient client = http();
        Authorization authorization = client.authorize(VACCINE, VACCINE_REDIRECT, "openid", "hanako", "Aizu-Hanako-2026");

        HttpResponse<String> response = client.exchangeCode(VACCINE, VACCINE_SECRET, authorization.code(),
                VACCINE_REDIRECT, "wrong-verifier-wrong-verifier-wrong-verifier-0123");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(client.json(response).get("error").asString()).isEqualTo("invalid_grant");
    }

    @Test
    void givenAnotherRedirectUriAtTheTokenEndpoint_whenTheCodeIsExchanged_thenItIsRefused() {
        HubHttpClient client = http();
        Authorization authorization = client.authorize(VACCINE, VACCINE_REDIRECT, "openid", "hanako", "Aizu-Hanako-2026");

        HttpResponse<String> response = client.exchangeCode(VACCINE, VACCINE_SECRET, authorization.code(),
                "http://127.0.0.1:8766/callback", authorization.verifier());

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(client.json(response).get("error").asString()).isEqualTo("invalid_grant");
    }

    @Test
    void givenAnUnregisteredRedirectUri_whenAuthorizing_thenNoCodeIsSentAnywhere() {
        HubHttpClient client = http();

        Authorization authorization = client.authorize(VACCINE, "http://127.0.0.1:9999/evil", "openid",
                "hanako", "Aizu-Hanako-2026");

        assertThat(authorization.code()).isNull();
        assertThat(authorization.finalResponse().statusCode()).isEqualTo(400);
        assertThat(authorization.finalResponse().headers().firstValue("Location")).isEmpty();
    }

    @Test
    void givenAnAppAuthorizationRequestWithoutPkce_whenAuthorizing_thenItIsRefused() {
        HttpResponse<String> response = http().get("/oauth2/authorize?response_type=code&client_id=" + VACCINE
                + "&redirect_uri=" + VACCINE_REDIRECT + "&scope=openid&state=s1", "Accept", "text/html");

        assertThat(response.statusCode()).isEqualTo(302);
        assertThat(HubHttpClient.location(response).toString()).startsWith(VACCINE_REDIRECT + "?error=invalid_request");
    }
}
