package org.tsunagu.id.oidc;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.oauth2.sdk.ClientCredentialsGrant;
import com.nimbusds.oauth2.sdk.auth.JWTAuthenticationClaimsSet;
import com.nimbusds.oauth2.sdk.auth.PrivateKeyJWT;
import com.nimbusds.oauth2.sdk.id.Audience;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.tsunagu.id.IdServiceTestSupport;
import org.tsunagu.id.app.AppClients;

/** A confidential app authenticates with a JWT signed by its own key, published at its JWKS URL. */
class PrivateKeyJwtTest extends IdServiceTestSupport {

    private static final String CLIENT = "keyed-app";

    @Autowired
    RegisteredClientRepository clients;

    private HttpServer jwks;
    private RSAKey appKey;

    @BeforeEach
    void publishTheAppsKey() throws Exception {
        appKey = new RSAKeyGenerator(2048).keyID("app-key-1").generate();
        byte[] body = new JWKSet(appKey.toPublicJWK()).toString().getBytes(StandardCharsets.UTF_8);
        jwks = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        jwks.createContext("/jwks.json", exchange -> {
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        jwks.start();
        if (clients.findByClientId(CLIENT) == null) {
            clients.save(AppClients.privateKeyJwtApp(CLIENT, "Keyed app",
                    "http://127.0.0.1:" + jwks.getAddress().getPort() + "/jwks.json",
                    List.of("client_credentials"), List.of("http://127.0.0.1:8799/callback"), Duration.ofMinutes(5)));
        }
    }

    @AfterEach
    void stop() {
        jwks.stop(0);
    }

    private PrivateKeyJWT assertion(RSAKey key) throws Exception {
        return new PrivateKeyJWT(new JWTAuthenticationClaimsSet(new ClientID(CLIENT), new Audience(ISSUER + "/oauth2/token")),
                JWSAlgorithm.RS256, key.toRSAPrivateKey(), key.getKeyID(), null);
    }

    /** Spring Authorization Server requires {@code client_id} beside the assertion (RFC 7523 makes it optional). */
    private com.nimbusds.oauth2.sdk.TokenResponse token(PrivateKeyJWT assertion) throws Exception {
        var request = new com.nimbusds.oauth2.sdk.TokenRequest(new NimbusClient(port).endpoint("/oauth2/token"), assertion,
                new ClientCredentialsGrant(), null, null, java.util.Map.of("client_id", List.of(CLIENT)));
        return com.nimbusds.openid.connect.sdk.OIDCTokenResponseParser.parse(request.toHTTPRequest().send());
    }

    @Test
    void givenAnAssertionSignedWithTheRegisteredKey_whenAskingForAToken_thenATokenForTheApp() throws Exception {
        var tokens = NimbusClient.success(token(assertion(appKey)));

        assertThat(SignedJWT.parse(tokens.getTokens().getAccessToken().getValue()).getJWTClaimsSet().getSubject()).isEqualTo(CLIENT);
    }

    @Test
    void givenAnAssertionSignedWithAnotherKey_whenAskingForAToken_thenInvalidClient() throws Exception {
        RSAKey stranger = new RSAKeyGenerator(2048).keyID("app-key-1").generate();

        assertThat(NimbusClient.errorCode(token(assertion(stranger))))
                .isEqualTo("invalid_client");
    }
}
