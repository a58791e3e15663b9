package org.tsunagu.id.keys;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.sql.Timestamp;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Keeps the token signing keys in the database so tokens stay verifiable across restarts and
 * rotations. Exactly one key signs (the newest not rotated out); a rotated key stays published
 * until {@code retire_after}, when the last token it signed has expired, and is then deleted.
 */
@Component
public class SigningKeyStore {

    private static final Logger log = LoggerFactory.getLogger(SigningKeyStore.class);

    private final JdbcTemplate jdbc;

    public SigningKeyStore(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** The current RS256 signing key, created and stored if there is none yet. */
    @Transactional
    public RSAKey currentKey() {
        List<String> stored = jdbc.queryForList("""
                SELECT jwk FROM signing_key WHERE algorithm = 'RS256' AND rotated_at IS NULL
                ORDER BY created_at DESC, kid""", String.class);
        if (!stored.isEmpty()) {
            return parse(stored.get(0));
        }
        return insertNewKey();
    }

    /** Every key a token still in circulation may be signed with: the current one first. */
    @Transactional
    public List<RSAKey> publishedKeys(Instant now) {
        RSAKey current = currentKey();
        List<RSAKey> retiring = jdbc.queryForList("""
                SELECT jwk FROM signing_key WHERE algorithm = 'RS256' AND rotated_at IS NOT NULL AND retire_after > ?
                ORDER BY rotated_at DESC, kid""", String.class, Timestamp.from(now))
                .stream().map(SigningKeyStore::parse).toList();
        return java.util.stream.Stream.concat(java.util.stream.Stream.of(current), retiring.stream()).toList();
    }

    /** When the current key started signing. */
    @Transactional
    public Instant currentKeySince() {
        String kid = currentKey().getKeyID();
        return jdbc.queryForObject("SELECT created_at FROM signing_key WHERE kid = ?", Timestamp.class, kid).toInstant();
    }

    /**
     * Starts signing with a fresh key; the old one stays published for {@code retention} (the
     * longest lifetime of a JWT it may have signed), then is deleted with its private part.
     */
    @Transactional
    public RSAKey rotate(Instant now, Duration retention) {
        RSAKey old = currentKey();
        jdbc.update("UPDATE signing_key SET rotated_at = ?, retire_after = ? WHERE kid = ?",
                Timestamp.from(now), Timestamp.from(now.plus(retention)), old.getKeyID());
        RSAKey fresh = insertNewKey();
        log.info("Rotated the signing key: kid {} now signs, kid {} stays in JWKS until {}",
                fresh.getKeyID(), old.getKeyID(), now.plus(retention));
        return fresh;
    }

    /** Deletes rotated keys whose tokens have all expired. @return how many */
    @Transactional
    public int deleteRetired(Instant now) {
        return jdbc.update("DELETE FROM signing_key WHERE rotated_at IS NOT NULL AND retire_after <= ?",
                Timestamp.from(now));
    }

    private RSAKey insertNewKey() {
        RSAKey key = generate();
        jdbc.update("INSERT INTO signing_key (kid, algorithm, jwk, created_at) VALUES (?, 'RS256', ?, ?)",
                key.getKeyID(), key.toJSONString(), Timestamp.from(Instant.now()));
        log.info("Generated a new RS256 signing key, kid={}", key.getKeyID());
        return key;
    }

    private static RSAKey parse(String json) {
        try {
            return RSAKey.parse(json);
        } catch (ParseException e) {
            throw new IllegalStateException("Stored signing key is unreadable", e);
        }
    }

    private static RSAKey generate() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            KeyPair pair = generator.generateKeyPair();
            return new RSAKey.Builder((RSAPublicKey) pair.getPublic())
                    .privateKey((RSAPrivateKey) pair.getPrivate())
                    .keyID(UUID.randomUUID().toString())
                    .keyUse(KeyUse.SIGNATURE)
                    .algorithm(JWSAlgorithm.RS256)
                    .build();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("RSA is not available", e);
        }
    }
}
