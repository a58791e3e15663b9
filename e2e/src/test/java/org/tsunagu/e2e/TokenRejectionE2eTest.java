package org.tsunagu.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.tsunagu.e2e.HubApis.assertProblem;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.web.client.RestClientResponseException;

/**
 * The gateway accepts only genuine, current tokens issued to apps for the gateway:
 * every other token is a 401 problem, and no data and no consent check happens.
 */
@ExtendWith(RunningHub.class)
class TokenRejectionE2eTest {

    private static final String CATEGORY = "resident-basic";
    private static String sub;
    private static String appToken;

    @BeforeAll
    static void taroUsesTheSchoolApp() {
        // Taro opted in (seeds) to share resident-basic with the school-notice app.
        sub = RegionalId.app(Resident.TARO, DemoApp.SCHOOL_NOTICE).subject();
        appToken = RegionalId.clientCredentials(DemoApp.SCHOOL_NOTICE);
        await("Taro's seeded consent is in the gateway's view").atMost(Duration.ofSeconds(20))
                .ignoreException(RestClientResponseException.class)
                .until(() -> HubApis.gateway(appToken).readResidentCategory(sub, CATEGORY, null, null) != null);
    }

    @Test
    void givenAGenuineToken_whenReading_thenTheSeededConsentAllowsIt_withTheAppsSinglePurpose() {
        var response = HubApis.gateway(appToken).readResidentCategory(sub, CATEGORY, null, null);
        assertThat(response.getResidentBasic().getFamilyName()).isEqualTo("磐梯");
        assertThat(response.getPurpose().getValue()).isEqualTo("notification");
        assertThat(response.getVaccinationRecords()).isNull();
    }

    @Test
    void givenNoToken_thenUnauthorized() {
        assertProblem(() -> HubApis.gateway(null).readResidentCategory(sub, CATEGORY, null, null), 401, "invalid-token");
    }

    @Test
    void givenATamperedToken_thenUnauthorized() throws Exception {
        String[] parts = appToken.split("\\.");
        JWTClaimsSet claims = SignedJWT.parse(appToken).getJWTClaimsSet();
        JWTClaimsSet widened = new JWTClaimsSet.Builder(claims).claim("client_id", DemoApp.VACCINE_NOTEBOOK.clientId()).build();
        String tampered = parts[0] + "." + b64(widened.toString()) + "." + parts[2];
        assertProblem(() -> HubApis.gateway(tampered).readResidentCategory(sub, CATEGORY, null, null), 401, "invalid-token");
    }

    @Test
    void givenAnUnsignedAlgNoneToken_thenUnauthorized() throws Exception {
        String payload = appToken.split("\\.")[1];
        String none = b64("{\"alg\":\"none\",\"typ\":\"JWT\"}") + "." + payload + ".";
        assertProblem(() -> HubApis.gateway(none).readResidentCategory(sub, CATEGORY, null, null), 401, "invalid-token");
    }

    @Test
    void givenATokenSignedWithHs256UsingThePublicKeyAsSecret_thenUnauthorized() throws Exception {
        String jwks = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://localhost:9000/oauth2/jwks")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        RSAKey key = (RSAKey) JWKSet.parse(jwks).getKeys().get(0);
        byte[] secret = key.toPublicJWK().toJSONString().getBytes(StandardCharsets.UTF_8);
        SignedJWT forged = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID(key.getKeyID()).build(),
                SignedJWT.parse(appToken).getJWTClaimsSet());
        forged.sign(new MACSigner(secret));
        assertProblem(() -> HubApis.gateway(forged.serialize()).readResidentCategory(sub, CATEGORY, null, null),
                401, "invalid-token");
    }

    @Test
    void givenATokenForAnotherAudience_thenUnauthorized() {
        // Taro's own portal token is genuine, but meant for the consent and audit services.
        String portalToken = RegionalId.portal(Resident.TARO).accessToken();
        assertProblem(() -> HubApis.gateway(portalToken).readResidentCategory(sub, CATEGORY, null, null),
                401, "invalid-token");
    }

    @Test
    void givenAnExpiredToken_thenUnauthorized() throws Exception {
        // The e2e-only app gets 2-second tokens (e2e seeds overlay); the gateway allows 5 s of clock skew.
        String shortLived = RegionalId.clientCredentials(DemoApp.SHORT_LIVED);
        JWTClaimsSet claims = SignedJWT.parse(shortLived).getJWTClaimsSet();
        assertThat(claims.getExpirationTime().getTime() - claims.getIssueTime().getTime()).isLessThanOrEqualTo(2_000);
        await("the token expires").atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(500)).until(() -> {
            try {
                HubApis.gateway(shortLived).readResidentCategory(sub, CATEGORY, null, null);
                return false;
            } catch (RestClientResponseException e) {
                return e.getStatusCode().value() == 401;
            }
        });
        assertProblem(() -> HubApis.gateway(shortLived).readResidentCategory(sub, CATEGORY, null, null),
                401, "invalid-token");
    }

    private static String b64(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }
}
