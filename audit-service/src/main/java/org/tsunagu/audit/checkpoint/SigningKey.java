package org.tsunagu.audit.checkpoint;

import java.text.ParseException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * audit-service's own checkpoint signing key: an RSA key generated on first start and kept in
 * this service's database (not the regional ID's key: the log must stand on its own). Only the
 * public half leaves the service, as a JWKS.
 */
@Component
public class SigningKey {

    private final RSAKey key;

    SigningKey(JdbcClient jdbc) {
        this.key = loadOrCreate(jdbc);
    }

    RSAKey privateKey() {
        return key;
    }

    /** The public key set verifiers use. */
    public JWKSet publicKeys() {
        return new JWKSet(key.toPublicJWK());
    }

    private static synchronized RSAKey loadOrCreate(JdbcClient jdbc) {
        List<String> stored = jdbc.sql("SELECT jwk FROM audit_signing_key ORDER BY created_at DESC")
                .query(String.class).list();
        try {
            if (!stored.isEmpty()) {
                return RSAKey.parse(stored.get(0));
            }
            RSAKey created = new RSAKeyGenerator(2048).keyID("audit-" + UUID.randomUUID()).keyUse(KeyUse.SIGNATURE)
                    .generate();
            jdbc.sql("INSERT INTO audit_signing_key (kid, jwk, created_at) VALUES (?, ?, ?)")
                    .params(created.getKeyID(), created.toJSONString(), Instant.now().atOffset(ZoneOffset.UTC))
                    .update();
            return created;
        } catch (ParseException | JOSEException e) {
            throw new IllegalStateException("The audit signing key cannot be loaded or created", e);
        }
    }
}
