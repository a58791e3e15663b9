package org.tsunagu.id.keys;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;

import javax.sql.DataSource;

import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKMatcher;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.SignedJWT;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;
import org.tsunagu.id.IdServiceProperties;
import org.tsunagu.id.SharedDatabase;

/**
 * What the multi-instance key tests share: several {@link SigningKeys} on one empty database (H2, or
 * PostgreSQL with {@code -Dtsunagu.test.shared-db-url}), one clock the test moves, and signing and
 * verifying as id-service and a resource server do.
 */
abstract class KeyInstancesOnOneDatabase {

    static final Duration PERIOD = Duration.ofHours(1);
    static final Duration PUBLISH_AHEAD = Duration.ofMinutes(10);
    static final Duration RETENTION = Duration.ofHours(1);
    static final Duration CHECK_INTERVAL = Duration.ofMinutes(1);

    SharedDatabase database;
    final TestClock clock = new TestClock(Instant.now().truncatedTo(ChronoUnit.SECONDS));

    @BeforeEach
    void emptyDatabase() {
        database = new SharedDatabase();
        database.jdbc().sql("DELETE FROM signing_key").update();
    }

    @AfterEach
    void closeDatabase() {
        database.close();
    }

    /** One more id-service instance's keys, on the shared database, with the settings above. */
    SigningKeys instance() {
        DataSource pool = database.instance();
        IdServiceProperties properties = properties(Map.of(
                "tsunagu.keys.rotation-period", PERIOD.toString(),
                "tsunagu.keys.publish-ahead", PUBLISH_AHEAD.toString(),
                "tsunagu.keys.retention", RETENTION.toString(),
                "tsunagu.keys.check-interval", CHECK_INTERVAL.toString()));
        return new SigningKeys(new SigningKeyStore(new JdbcTemplate(pool), SharedDatabase.transactions(pool)),
                properties, clock);
    }

    static IdServiceProperties properties(Map<String, String> settings) {
        return new Binder(new MapConfigurationPropertySource(settings)).bindOrCreate("tsunagu", IdServiceProperties.class);
    }

    /** The instance's scheduled check, run at {@code at}. */
    void checkAt(SigningKeys instance, Instant at) {
        clock.set(at);
        instance.rotateWhenDue();
    }

    /** A JWT signed as the instance signs its tokens: {@code kid} from the instance, key selected by it. */
    SignedJWT sign(SigningKeys instance) throws Exception {
        Instant now = clock.instant();
        JwtClaimsSet claims = JwtClaimsSet.builder().issuer("http://localhost:9000").subject("RID-0001")
                .issuedAt(now).expiresAt(now.plus(Duration.ofMinutes(5))).build();
        JwsHeader header = JwsHeader.with(SignatureAlgorithm.RS256).keyId(instance.currentKeyId()).build();
        return SignedJWT.parse(new NimbusJwtEncoder(instance).encode(JwtEncoderParameters.from(header, claims))
                .getTokenValue());
    }

    /** The JWKS the instance serves at {@code /oauth2/jwks}: every key it selects, public parts only. */
    static JWKSet jwks(SigningKeys instance) throws Exception {
        return new JWKSet(instance.get(new JWKSelector(new JWKMatcher.Builder().build()), null)).toPublicJWKSet();
    }

    /** As a verifier does: the key named by {@code kid} from the JWKS, and the signature checked with it. */
    static boolean verifies(SignedJWT token, JWKSet jwks) throws Exception {
        JWK key = jwks.getKeyByKeyId(token.getHeader().getKeyID());
        return key != null && token.verify(new RSASSAVerifier(key.toRSAKey()));
    }
}
