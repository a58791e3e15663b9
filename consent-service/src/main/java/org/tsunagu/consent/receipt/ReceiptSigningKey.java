package org.tsunagu.consent.receipt;

import java.text.ParseException;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;

/**
 * consent-service's own receipt-signing key: an RSA key pair generated on first start and kept in
 * its database, so receipts issued before a restart still verify against the published JWKS.
 * Loaded (or stored) when the service starts, in a transaction of its own that holds the row lock
 * of {@code receipt_signing_key_lock}: instances starting together on one empty database (ADR
 * 0050) take turns, and all but the first use the first one's key.
 */
@Component
public class ReceiptSigningKey {

    private final RSAKey key;

    ReceiptSigningKey(JdbcClient jdbc, PlatformTransactionManager transactions, Clock clock) {
        this.key = loadOrCreate(jdbc, transactions, clock);
    }

    /** The private key (never leaves this service). */
    RSAKey privateKey() {
        return key;
    }

    /** The public JWKS that verifies every receipt. */
    public JWKSet publicJwks() {
        return new JWKSet(key.toPublicJWK());
    }

    private static RSAKey loadOrCreate(JdbcClient jdbc, PlatformTransactionManager transactions, Clock clock) {
        TransactionTemplate transaction = new TransactionTemplate(transactions);
        transaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        return transaction.execute(status -> {
            Optional<RSAKey> stored = load(jdbc);
            if (stored.isPresent()) {
                return stored.get();
            }
            RSAKey generated = generate(); // before the lock: others wait for two statements, not for a key pair
            jdbc.sql("SELECT id FROM receipt_signing_key_lock WHERE id = 1 FOR UPDATE").query(Integer.class).single();
            stored = load(jdbc); // stored by another instance while this one generated or waited
            if (stored.isPresent()) {
                return stored.get();
            }
            jdbc.sql("INSERT INTO receipt_signing_key (kid, jwk, created_at) VALUES (?,?,?)")
                    .params(generated.getKeyID(), generated.toJSONString(), clock.instant().atOffset(ZoneOffset.UTC))
                    .update();
            return generated;
        });
    }

    private static Optional<RSAKey> load(JdbcClient jdbc) {
        return jdbc.sql("SELECT jwk FROM receipt_signing_key ORDER BY created_at, kid LIMIT 1")
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
