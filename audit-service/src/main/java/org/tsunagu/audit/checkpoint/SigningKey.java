package org.tsunagu.audit.checkpoint;

import java.text.ParseException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.UUID;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * audit-service's own checkpoint signing key: an RSA key generated on first start and kept in
 * this service's database (not the regional ID's key: the log must stand on its own). Only the
 * public half leaves the service, as a JWKS. It is stored under the row lock of
 * {@code audit_signing_key_lock}: instances starting together on one empty database (ADR 0050)
 * take turns, and all but the first sign with the first one's key.
 */
@Component
public class SigningKey {

    private final RSAKey key;

    SigningKey(JdbcClient jdbc, TransactionTemplate transaction) {
        this.key = transaction.execute(status -> loadOrCreate(jdbc));
    }

    RSAKey privateKey() {
        return key;
    }

    /** The public key set verifiers use. */
    public JWKSet publicKeys() {
        return new JWKSet(key.toPublicJWK());
    }

    private static RSAKey loadOrCreate(JdbcClient jdbc) {
        try {
            Optional<RSAKey> stored = load(jdbc);
            if (stored.isPresent()) {
                return stored.get();
            }
            // generated before the lock: others wait for two statements, not for a key pair
            RSAKey created = new RSAKeyGenerator(2048).keyID("audit-" + UUID.randomUUID()).keyUse(KeyUse.SIGNATURE)
                    .generate();
            jdbc.sql("SELECT id FROM audit_signing_key_lock WHERE id = 1 FOR UPDATE").query(Integer.class).single();
            stored = load(jdbc); // stored by another instance while this one generated or waited
            if (stored.isPresent()) {
                return stored.get();
            }
            jdbc.sql("INSERT INTO audit_signing_key (kid, jwk, created_at) VALUES (?, ?, ?)")
                    .params(created.getKeyID(), created.toJSONString(), Instant.now().atOffset(ZoneOffset.UTC))
                    .update();
            return created;
        } catch (JOSEException e) {
            throw new IllegalStateException("The audit signing key cannot be created", e);
        }
    }

    private static Optional<RSAKey> load(JdbcClient jdbc) {
        return jdbc.sql("SELECT jwk FROM audit_signing_key ORDER BY created_at DESC, kid LIMIT 1")
                .query(String.class).optional().map(SigningKey::parse);
    }

    private static RSAKey parse(String json) {
        try {
            return RSAKey.parse(json);
        } catch (ParseException e) {
            throw new IllegalStateException("The stored audit signing key is unreadable", e);
        }
    }
}
