package org.tsunagu.id.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.tsunagu.id.oidc.NimbusClient.VACCINE;
import static org.tsunagu.id.oidc.NimbusClient.VACCINE_REDIRECT;
import static org.tsunagu.id.oidc.NimbusClient.VACCINE_SECRET;
import static org.tsunagu.id.oidc.NimbusClient.basic;
import static org.tsunagu.id.oidc.NimbusClient.success;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;

import javax.sql.DataSource;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.oauth2.sdk.RefreshTokenGrant;
import com.nimbusds.oauth2.sdk.TokenIntrospectionRequest;
import com.nimbusds.oauth2.sdk.TokenIntrospectionResponse;
import com.nimbusds.oauth2.sdk.token.BearerAccessToken;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponse;
import com.nimbusds.openid.connect.sdk.UserInfoRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.config.FixedDelayTask;
import org.springframework.scheduling.config.ScheduledTask;
import org.springframework.scheduling.config.ScheduledTaskHolder;
import org.springframework.transaction.support.TransactionTemplate;
import org.tsunagu.id.IdServiceTestSupport;
import org.tsunagu.id.keys.SigningKeyStore;
import org.tsunagu.id.keys.SigningKeys;
import org.tsunagu.id.oidc.NimbusClient;
import tools.jackson.databind.JsonNode;

/**
 * {@code POST /v1/admin/signing-keys/rotate} and {@code GET /v1/admin/signing-keys} (ADR 0056):
 * operators rotate at once, and for a leaked key withdraw every other key, after which
 * id-service refuses every token signed with a withdrawn key, forged or genuine.
 */
class SigningKeyRotationApiTest extends IdServiceTestSupport {

    private static final URI CLI = URI.create("http://127.0.0.1:8765/callback");

    @Autowired
    SigningKeys keys;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    DataSource dataSource;
    @Autowired
    TransactionTemplate transactions;
    @Autowired
    ScheduledTaskHolder scheduledTasks;

    @Test
    void givenALeakedKey_whenAnOperatorWithdrawsIt_thenJwksHoldsOnlyTheNewKey_andEveryTokenOfTheOldKeysIsRefused()
            throws Exception {
        List<String> publishedBefore = publishedKids();
        String leaked = keys.currentKeyId();
        String forged = forgedOperatorToken(leaked);
        String operator = operatorToken();
        String gateway = gatewayToken();
        OIDCTokenResponse resident = residentTokens();
        String residentAccess = resident.getOIDCTokens().getAccessToken().getValue();
        assertThat(get("/v1/admin/signing-keys", forged).statusCode()).as("the forged token works before").isEqualTo(200);
        assertThat(internalLookup(gateway)).as("the gateway's token works before").isEqualTo(404);
        assertThat(userinfo(residentAccess)).as("the resident's token works before").isEqualTo(200);

        HttpResponse<String> rotated = post("/v1/admin/signing-keys/rotate", "{\"withdrawPrevious\":true}", operator);

        assertThat(rotated.statusCode()).as(rotated.body()).isEqualTo(200);
        assertThat(rotated.headers().firstValue("Cache-Control")).hasValue("no-store");
        JsonNode body = http().json(rotated);
        String fresh = body.get("keyId").asString();
        assertThat(fresh).isNotIn(publishedBefore);
        assertThat(strings(body.get("withdrawnKeyIds"))).as("every key published before").containsAll(publishedBefore);
        assertThat(strings(body.get("publishedKeyIds"))).containsExactly(fresh);
        assertThat(publishedKids()).as("/oauth2/jwks").containsExactly(fresh);

        assertThat(refusal(get("/v1/admin/signing-keys", forged))).as("the forged operator token").isEqualTo(401);
        assertThat(refusal(get("/v1/admin/signing-keys", operator))).as("the operator's own token, signed before").isEqualTo(401);
        assertThat(internalLookup(gateway)).as("the gateway's token, signed before").isEqualTo(401);
        assertThat(userinfo(residentAccess)).as("the resident's token at userinfo, signed before").isEqualTo(401);
        assertThat(introspectionActive(forged)).as("introspection: the forged token is in no authorization").isFalse();
        assertThat(introspectionActive(residentAccess))
                .as("introspection answers from the authorizations, not the signature: a genuine token stays active until it expires")
                .isTrue();

        String newGateway = gatewayToken();
        assertThat(SignedJWT.parse(newGateway).getHeader().getKeyID()).isEqualTo(fresh);
        assertThat(internalLookup(newGateway)).as("a token signed with the new key").isEqualTo(404);
        OIDCTokenResponse refreshed = success(new NimbusClient(port).token(
                new RefreshTokenGrant(resident.getOIDCTokens().getRefreshToken()), basic(VACCINE, VACCINE_SECRET), null));
        String refreshedAccess = refreshed.getOIDCTokens().getAccessToken().getValue();
        assertThat(SignedJWT.parse(refreshedAccess).getHeader().getKeyID()).as("the app's refresh token still works").isEqualTo(fresh);
        assertThat(userinfo(refreshedAccess)).isEqualTo(200);
        HttpResponse<String> listed = get("/v1/admin/signing-keys", operatorToken());
        assertThat(listed.statusCode()).as(listed.body()).isEqualTo(200);
        JsonNode items = http().json(listed).get("items");
        assertThat(items).hasSize(1);
        assertThat(items.get(0).get("kid").asString()).isEqualTo(fresh);
        assertThat(items.get(0).get("state").asString()).isEqualTo("signing");
        assertThat(Instant.parse(items.get(0).get("since").asString())).isBefore(Instant.now().plusSeconds(1));
    }

    @Test
    void givenWithdrawPreviousFalse_whenAnOperatorRotates_thenTheNewKeySigns_andTheOldKeyStaysPublishedWithItsTokens()
            throws Exception {
        assertThat(jdbc.queryForObject("SELECT count(*) FROM signing_key WHERE signing_since IS NULL", Integer.class))
                .as("no next key published ahead, which a rotation would withdraw").isZero();
        String old = keys.currentKeyId();
        String gateway = gatewayToken();

        HttpResponse<String> rotated = post("/v1/admin/signing-keys/rotate", "{\"withdrawPrevious\":false}", operatorToken());

        assertThat(rotated.statusCode()).as(rotated.body()).isEqualTo(200);
        JsonNode body = http().json(rotated);
        String fresh = body.get("keyId").asString();
        assertThat(strings(body.get("withdrawnKeyIds"))).isEmpty();
        assertThat(strings(body.get("publishedKeyIds"))).startsWith(fresh, old);
        assertThat(publishedKids()).startsWith(fresh, old);
        assertThat(SignedJWT.parse(gatewayToken()).getHeader().getKeyID()).isEqualTo(fresh);
        assertThat(internalLookup(gateway)).as("a token of the old key still works").isEqualTo(404);
        JsonNode items = http().json(get("/v1/admin/signing-keys", operatorToken())).get("items");
        assertThat(items.get(1).get("kid").asString()).isEqualTo(old);
        assertThat(items.get(1).get("state").asString()).isEqualTo("retiring");
        assertThat(Duration.between(Instant.parse(items.get(1).get("since").asString()),
                Instant.parse(items.get(1).get("retireAfter").asString()))).as("the retention").isEqualTo(Duration.ofHours(1));
    }

    @Test
    void givenNoBody_whenAnOperatorRotates_thenAPlannedRotation() throws Exception {
        String old = keys.currentKeyId();
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/v1/admin/signing-keys/rotate"))
                .header("Authorization", "Bearer " + operatorToken()).POST(HttpRequest.BodyPublishers.noBody()).build();

        HttpResponse<String> rotated = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());

        assertThat(rotated.statusCode()).as(rotated.body()).isEqualTo(200);
        assertThat(publishedKids()).startsWith(keys.currentKeyId(), old);
    }

    @Test
    void givenNoTokenAResidentTokenOrTheGatewaysToken_whenRotating_thenRefused_andNothingChanged() throws Exception {
        List<String> before = storedKids();
        String resident = token("tsunagu-portal", "hanako", "Aizu-Hanako-2026");
        String gateway = gatewayToken();

        assertThat(refusal(post("/v1/admin/signing-keys/rotate", "{\"withdrawPrevious\":true}", null))).isEqualTo(401);
        assertThat(refusal(post("/v1/admin/signing-keys/rotate", "{\"withdrawPrevious\":true}", resident))).isEqualTo(401);
        assertThat(refusal(post("/v1/admin/signing-keys/rotate", "{\"withdrawPrevious\":true}", gateway))).isEqualTo(403);
        assertThat(refusal(get("/v1/admin/signing-keys", gateway))).isEqualTo(403);

        assertThat(storedKids()).isEqualTo(before);
        assertThat(publishedKids()).containsExactlyElementsOf(publishedAsStored());
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "{", "[]", "null", "true", "\"withdraw\"", "{\"withdrawPrevious\":\"true\"}", "{\"withdrawPrevious\":1}",
            "{\"withdrawPrevious\":null}", "{\"withdrawPrevious\":{}}", "{\"withdrawPrevius\":true}",
            "{\"withdrawPrevious\":true,\"reason\":\"leak\"}", "{\"withdrawPrevious\":false,\"withdrawPrevious\":true}",
            "{\"withdrawPrevious\":true} {\"withdrawPrevious\":false}"})
    void givenABadBody_whenRotating_thenBadRequest_andNothingChanged(String bad) throws Exception {
        String operator = operatorToken();
        List<String> before = storedKids();

        HttpResponse<String> refused = post("/v1/admin/signing-keys/rotate", bad, operator);

        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(400);
        assertThat(refused.headers().firstValue("Content-Type").orElse("")).contains("application/problem+json");
        assertThat(http().json(refused).get("type").asString()).isEqualTo("urn:tsunagu:problem:bad-request");
        assertThat(storedKids()).isEqualTo(before);
        assertThat(get("/v1/admin/signing-keys", operator).statusCode()).as("the operator's token still works").isEqualTo(200);
    }

    @Test
    void givenAnotherMediaType_whenRotating_thenUnsupportedMediaType_andNothingChanged() throws Exception {
        List<String> before = storedKids();
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/v1/admin/signing-keys/rotate"))
                .header("Authorization", "Bearer " + operatorToken()).header("Content-Type", "text/plain")
                .POST(HttpRequest.BodyPublishers.ofString("withdrawPrevious=true")).build();

        HttpResponse<String> refused = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());

        assertThat(refused.statusCode()).isEqualTo(415);
        assertThat(refused.headers().firstValue("Content-Type").orElse("")).contains("application/problem+json");
        assertThat(storedKids()).isEqualTo(before);
    }

    @Test
    void givenAnotherInstanceWithdrawsTheKeys_thenThisInstanceServesOnlyTheNewKeyWithinItsWatchInterval() throws Exception {
        String gateway = gatewayToken();
        // another instance: its own key store on the same database, not this instance's SigningKeys
        SigningKeyStore otherInstance = new SigningKeyStore(new JdbcTemplate(dataSource), transactions);

        String fresh = otherInstance.withdrawAllAndRotate(Instant.now()).signing().getKeyID();

        assertThat(scheduledTasks.getScheduledTasks()).extracting(ScheduledTask::getTask)
                .filteredOn(task -> task.toString().equals(SigningKeys.class.getName() + ".watch")) // the method's name
                .singleElement().as("the watch, scheduled every tsunagu.keys.watch-interval")
                .isInstanceOfSatisfying(FixedDelayTask.class,
                        task -> assertThat(task.getIntervalDuration()).isEqualTo(Duration.ofSeconds(5)));
        // watch-interval 5 s; the rotation check (check-interval 1 min) alone would usually miss this bound
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200))
                .untilAsserted(() -> assertThat(publishedKids()).containsExactly(fresh));
        assertThat(SignedJWT.parse(gatewayToken()).getHeader().getKeyID()).isEqualTo(fresh);
        assertThat(internalLookup(gateway)).as("a token of the withdrawn key").isEqualTo(401);
    }

    private String token(String clientId, String loginId, String password) {
        NimbusClient nimbus = new NimbusClient(port);
        return NimbusClient.success(nimbus.exchange(nimbus.authorize(clientId, CLI, "openid", loginId, password), CLI, null, clientId))
                .getTokens().getAccessToken().getValue();
    }

    private String operatorToken() {
        return token("tsunagu-operator-console", "aizu-operator", "Aizu-Operator-2026");
    }

    private String gatewayToken() {
        return http().json(http().clientCredentials("tsunagu-gateway", "gateway-dev-secret", "pairwise.resolve"))
                .get("access_token").asString();
    }

    private OIDCTokenResponse residentTokens() {
        NimbusClient nimbus = new NimbusClient(port);
        NimbusClient.Authorized authorized = nimbus.authorize(VACCINE, VACCINE_REDIRECT, "openid", "hanako", "Aizu-Hanako-2026");
        return success(nimbus.exchange(authorized, VACCINE_REDIRECT, basic(VACCINE, VACCINE_SECRET), null));
    }

    /** What someone holding the leaked private key can mint: an operator token nobody issued. */
    private String forgedOperatorToken(String kid) throws Exception {
        RSAKey leaked = RSAKey.parse(jdbc.queryForObject("SELECT jwk FROM signing_key WHERE kid = ?", String.class, kid));
        Instant now = Instant.now();
        JWTClaimsSet claims = new JWTClaimsSet.Builder().issuer(ISSUER).subject("intruder").audience("urn:tsunagu:id-service")
                .claim("roles", List.of("operator")).issueTime(Date.from(now)).expirationTime(Date.from(now.plusSeconds(300)))
                .build();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(kid).build(), claims);
        jwt.sign(new RSASSASigner(leaked));
        return jwt.serialize();
    }

    /** The gateway's internal look-up of an unknown sub: 404 when the token is accepted. */
    private int internalLookup(String token) {
        return http().get("/internal/v1/pairwise-subjects/" + VACCINE + "/unknown-sub", "Authorization", "Bearer " + token)
                .statusCode();
    }

    private int userinfo(String accessToken) throws Exception {
        return new UserInfoRequest(new NimbusClient(port).endpoint("/userinfo"), new BearerAccessToken(accessToken))
                .toHTTPRequest().send().getStatusCode();
    }

    private boolean introspectionActive(String accessToken) throws Exception {
        return TokenIntrospectionResponse.parse(new TokenIntrospectionRequest(new NimbusClient(port).endpoint("/oauth2/introspect"),
                basic(VACCINE, VACCINE_SECRET), new BearerAccessToken(accessToken)).toHTTPRequest().send())
                .toSuccessResponse().isActive();
    }

    /** The status of a refusal, checked to be a hub problem. */
    private int refusal(HttpResponse<String> response) {
        assertThat(response.headers().firstValue("Content-Type").orElse("")).as(response.body()).contains("application/problem+json");
        String type = http().json(response).get("type").asString();
        assertThat(type).isEqualTo(response.statusCode() == 401 ? "urn:tsunagu:problem:invalid-token"
                : "urn:tsunagu:problem:insufficient-scope");
        return response.statusCode();
    }

    private List<String> publishedKids() throws Exception {
        return JWKSet.parse(http().get("/oauth2/jwks").body()).getKeys().stream().map(JWK::getKeyID).toList();
    }

    private List<String> publishedAsStored() {
        return keys.published().stream().map(SigningKeyStore.PublishedKey::kid).toList();
    }

    /** Every stored key with its state columns: what a refused call must leave alone. */
    private List<String> storedKids() {
        return jdbc.queryForList("""
                SELECT kid || ' ' || COALESCE(CAST(signing_since AS VARCHAR), '-') || ' ' || COALESCE(CAST(rotated_at AS VARCHAR), '-')
                FROM signing_key ORDER BY kid""", String.class);
    }

    private static List<String> strings(JsonNode array) {
        return array.valueStream().map(JsonNode::asString).toList();
    }

    private HttpResponse<String> get(String path, String bearer) {
        return http().get(path, "Authorization", "Bearer " + bearer);
    }

    private HttpResponse<String> post(String path, String json, String bearer) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json));
        if (bearer != null) {
            request.header("Authorization", "Bearer " + bearer);
        }
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
