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
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Keeps the token signing keys in the database so tokens stay verifiable across restarts and
 * rotations. Exactly one key signs (the newest not rotated out); a rotated key stays published
 * until {@code retire_after}, when the last token it signed has expired, and is then deleted.
 * Storing a first key and rotating happen under the row lock of {@code signing_key_lock}, so
 * instances sharing the database (ADR 0050) agree on one signing key.
 */
@Component
public class SigningKeyStore {

    private static final Logger log = LoggerFactory.getLogger(SigningKeyStore.class);

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transaction;

    public SigningKeyStore(JdbcTemplate jdbc, TransactionTemplate transaction) {
        this.jdbc = jdbc;
        this.transaction = transaction;
    }

    /** The current RS256 signing key, created and stored if there is none yet. */
    public RSAKey currentKey() {
        return transaction.execute(status -> stored().map(Current::key).orElseGet(this::storeFirstKey));
    }

    /** Every key a token still in circulation may be signed with: the current one first. */
    public List<RSAKey> publishedKeys(Instant now) {
        return transaction.execute(status -> {
            RSAKey current = currentKey();
            List<RSAKey> retiring = jdbc.queryForList("""
                    SELECT jwk FROM signing_key WHERE algorithm = 'RS256' AND rotated_at IS NOT NULL AND retire_after > ?
                    ORDER BY rotated_at DESC, kid""", String.class, Timestamp.from(now))
                    .stream().map(SigningKeyStore::parse).toList();
            return Stream.concat(Stream.of(current), retiring.stream()).toList();
        });
    }

    /** When the current key started signing. */
    public Instant currentKeySince() {
        return transaction.execute(status -> {
            String kid = currentKey().getKeyID();
            return jdbc.queryForObject("SELECT created_at FROM signing_key WHERE kid = ?", Timestamp.class, kid)
                    .toInstant();
        });
    }

    /**
     * Starts signing with a fresh key; the old one stays published for {@code retention} (the
     * longest lifetime of a JWT it may have signed), then is deleted with its private part.
     */
    public RSAKey rotate(Instant now, Duration retention) {
        return transaction.execute(status -> {
            RSAKey fresh = generate();
            lockKeys();
            replaceCurrent(stored(), fresh, now, retention);
            return fresh;
        });
    }

    /**
     * Rotates as {@link #rotate} if the current key has signed for {@code period} by {@code now}.
     * When several instances find it due at once, the first rotates and the others leave the key
     * it stored in place. @return whether this call rotated
     */
    public boolean rotateIfDue(Instant now, Duration period, Duration retention) {
        Optional<Current> due = stored().filter(current -> !current.since().plus(period).isAfter(now));
        if (due.isEmpty()) {
            return false;
        }
        return Boolean.TRUE.equals(transaction.execute(status -> {
            RSAKey fresh = generate();
            lockKeys();
            Optional<Current> current = stored();
            if (!current.map(Current::kid).equals(due.map(Current::kid))) {
                return false; // rotated by another instance while this one waited for the lock
            }
            replaceCurrent(current, fresh, now, retention);
            return true;
        }));
    }

    /** Deletes rotated keys whose tokens have all expired. @return how many */
    public int deleteRetired(Instant now) {
        return jdbc.update("DELETE FROM signing_key WHERE rotated_at IS NOT NULL AND retire_after <= ?",
                Timestamp.from(now));
    }

    private record Current(RSAKey key, Instant since) {
        String kid() {
            return key.getKeyID();
        }
    }

    private Optional<Current> stored() {
        return jdbc.query("""
                SELECT jwk, created_at FROM signing_key WHERE algorithm = 'RS256' AND rotated_at IS NULL
                ORDER BY created_at DESC, kid""",
                (rs, n) -> new Current(parse(rs.getString(1)), rs.getTimestamp(2).toInstant()))
                .stream().findFirst();
    }

    /**
     * Stores a first key unless another instance stored one while this one generated its own: the
     * lock makes instances that start together on an empty database take turns, and every one
     * after the first finds the first one's key and uses it.
     */
    private RSAKey storeFirstKey() {
        RSAKey candidate = generate(); // before the lock: others wait for two statements, not for a key pair
        lockKeys();
        Optional<Current> stored = stored();
        if (stored.isPresent()) {
            return stored.get().key();
        }
        insert(candidate);
        return candidate;
    }

    /** Held until the transaction ends. */
    private void lockKeys() {
        jdbc.queryForObject("SELECT id FROM signing_key_lock WHERE id = 1 FOR UPDATE", Integer.class);
    }

    private void replaceCurrent(Optional<Current> old, RSAKey fresh, Instant now, Duration retention) {
        old.ifPresent(current -> jdbc.update("UPDATE signing_key SET rotated_at = ?, retire_after = ? WHERE kid = ?",
                Timestamp.from(now), Timestamp.from(now.plus(retention)), current.kid()));
        insert(fresh);
        log.info("Rotated the signing key: kid {} now signs, kid {} stays in JWKS until {}",
                fresh.getKeyID(), old.map(Current::kid).orElse("(none)"), now.plus(retention));
    }

    private void insert(RSAKey key) {
        jdbc.update("INSERT INTO signing_key (kid, algorithm, jwk, created_at) VALUES (?, 'RS256', ?, ?)",
                key.getKeyID(), key.toJSONString(), Timestamp.from(Instant.now()));
        log.info("Stored a new RS256 signing key, kid={}", key.getKeyID());
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
