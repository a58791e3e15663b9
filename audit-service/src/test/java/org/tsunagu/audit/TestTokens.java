package org.tsunagu.audit;

import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.function.Consumer;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

/** Mints RS256 tokens like the id-service's, signed with a test key whose JWKS the tests serve. */
public final class TestTokens {

    private static final RSAKey KEY = generate("test-key");
    private static final RSAKey STRANGER = generate("test-key");

    private TestTokens() {
    }

    /** The JWKS document with the public half of the signing key. */
    public static String jwks() {
        return new JWKSet(KEY.toPublicJWK()).toString();
    }

    /** A valid tsunagu-portal token of {@code residentId} for {@code issuer}, changed by {@code customizer}. */
    public static String resident(String issuer, String residentId, Consumer<JWTClaimsSet.Builder> customizer) {
        JWTClaimsSet.Builder claims = portalClaims(issuer, residentId);
        customizer.accept(claims);
        return sign(KEY, claims.build());
    }

    public static String resident(String issuer, String residentId) {
        return resident(issuer, residentId, claims -> { });
    }

    /** A token that looks right but is signed by a key the issuer never published (same key id). */
    public static String signedByStranger(String issuer, String residentId) {
        return sign(STRANGER, portalClaims(issuer, residentId).build());
    }

    /** A valid tsunagu-operator-console token of {@code operatorId} with {@code roles: ["operator"]}. */
    public static String operator(String issuer, String operatorId) {
        Instant now = Instant.now();
        return sign(KEY, new JWTClaimsSet.Builder()
                .issuer(issuer)
                .audience(List.of("urn:tsunagu:id-service", "urn:tsunagu:consent-service", "urn:tsunagu:audit-service"))
                .subject(operatorId)
                .claim("client_id", "tsunagu-operator-console")
                .claim("roles", List.of("operator"))
                .claim("scope", "openid")
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plusSeconds(300)))
                .build());
    }

    /** An OpenID Connect ID token of the regional ID for {@code clientId}, echoing the login's nonce. */
    public static String idToken(String issuer, String subject, String clientId, String nonce) {
        Instant now = Instant.now();
        return sign(KEY, new JWTClaimsSet.Builder()
                .issuer(issuer)
                .audience(clientId)
                .subject(subject)
                .claim("nonce", nonce)
                .claim("azp", clientId)
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plusSeconds(300)))
                .build());
    }

    /** An app's client-credentials token for the gateway (never accepted here). */
    public static String app(String issuer, String clientId) {
        return resident(issuer, clientId, claims -> claims
                .audience(List.of("urn:tsunagu:api-gateway"))
                .claim("client_id", clientId));
    }

    private static JWTClaimsSet.Builder portalClaims(String issuer, String residentId) {
        Instant now = Instant.now();
        return new JWTClaimsSet.Builder()
                .issuer(issuer)
                .audience(List.of("urn:tsunagu:consent-service", "urn:tsunagu:audit-service"))
                .subject(residentId)
                .claim("client_id", "tsunagu-portal")
                .claim("scope", "openid")
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plusSeconds(300)));
    }

    private static String sign(RSAKey key, JWTClaimsSet claims) {
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(), claims);
            jwt.sign(new RSASSASigner(key));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    private static RSAKey generate(String keyId) {
        try {
            return new RSAKeyGenerator(2048).keyID(keyId).generate();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }
}
