package org.tsunagu.consent.receipt;

import java.text.ParseException;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.Optional;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;

/**
 * consent-service's own receipt-signing key: an RSA key pair generated on first use and kept in
 * its database, so receipts issued before a restart still verify against the published JWKS.
 */
@Component
public class ReceiptSigningKey {

    private final JdbcClient jdbc;
    private final Clock clock;
    private volatile RSAKey key;

    ReceiptSigningKey(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** The private key (never leaves this service). */
    RSAKey privateKey() {
        RSAKey current = key;
        if (current == null) {
            synchronized (this) {
                current = key;
                if (current == null) {
                    current = loadOrCreate();
                    key = current;
                }
            }
        }
        return current;
    }

    /** The public JWKS that verifies every receipt. */
    public JWKSet publicJwks() {
        return new JWKSet(privateKey().toPublicJWK());
    }

    private RSAKey loadOrCreate() {
        Optional<RSAKey> stored = load();
        if (stored.isPresent()) {
            return stored.get();
        }
        RSAKey generated = generate();
        try {
            jdbc.sql("INSERT INTO receipt_signing_key (kid, jwk, created_at) VALUES (?,?,?)")
                    .params(generated.getKeyID(), generated.toJSONString(), clock.instant().atOffset(ZoneOffset.UTC))
                    .update();
            return generated;
        } catch (DuplicateKeyException raced) {
            return load().orElseThrow(() -> raced);
        }
    }

    private Optional<RSAKey> load() {
        return jdbc.sql("SELECT jwk FROM receipt_signing_key ORDER BY created_at LIMIT 1")
                .query(String.class)
                .optional()
                .map(ReceiptSigningKey::parse);
    }

    private static RSAKey parse(String json) {
        try {
            return RSAKey.parse(json);
        } catch (ParseException e) {
            throw new IllegalStateException("The stored receipt-signing key is unreadable", e);
        }
    }

    private static RSAKey generate() {
        try {
            RSAKey generated = new RSAKeyGenerator(2048)
                    .keyUse(KeyUse.SIGNATURE)
                    .algorithm(JWSAlgorithm.RS256)
                    .generate();
            return new RSAKey.Builder(generated).keyIDFromThumbprint().build();
        } catch (JOSEException e) {
            throw new IllegalStateException("Cannot generate the receipt-signing key", e);
        }
    }
}
