package org.tsunagu.id.keys;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.sql.Timestamp;
import java.sql.Types;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.SqlParameterValue;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Keeps the token signing keys in the database so tokens stay verifiable across restarts,
 * rotations and instances. Exactly one key signs (the newest with {@code signing_since} set and
 * not rotated out). A scheduled rotation first stores the next key without letting it sign: it is
 * published for the publish-ahead period, so every instance and every verifier has it before any
 * instance signs with it (ADR 0052). A rotated key stays published until {@code retire_after},
 * when the last token it signed has expired, and is then deleted. Storing a first key, publishing
 * the next one and switching to it happen under the row lock of {@code signing_key_lock}, so
 * instances sharing the database (ADR 0050) agree on one signing key. So do the operator's
 * immediate rotations, including the emergency one that deletes every other key (ADR 0056).
 */
@Component
public class SigningKeyStore {

    private static final Logger log = LoggerFactory.getLogger(SigningKeyStore.class);

    /** What one rotation check changed. */
    public enum Step {
        /** nothing was due, or another instance did it first */
        NONE,
        /** the next key was stored: published from now on, signing once the publish-ahead period has passed */
        PUBLISHED_NEXT,
        /** the next key, published for the whole publish-ahead period, signs now; the old one retires */
        NEXT_SIGNS
    }

    /** What a published key is for. */
    public enum State {
        /** new tokens are signed with it */
        SIGNING,
        /** published ahead: signs once it has been published for the publish-ahead period */
        NEXT,
        /** rotated out: published until {@code retireAfter} for the tokens it signed */
        RETIRING
    }

    /**
     * A key a verifier may meet, and since when it is in its state (started signing, was
     * published, was rotated out).
     *
     * @param retireAfter retiring keys only: when it leaves JWKS and the table
     */
    public record PublishedKey(RSAKey key, State state, Instant since, @Nullable Instant retireAfter) {
        public String kid() {
            return key.getKeyID();
        }
    }

    /**
     * What an immediate rotation did.
     *
     * @param signing   the fresh key, signing from now on
     * @param withdrawn the keys deleted from the table (and so from JWKS) by the rotation
     */
    public record Rotation(RSAKey signing, List<String> withdrawn) {
    }

    /**
     * Which keys the table holds, read without parsing them, so an instance can tell cheaply
     * whether the keys it loaded are still the stored ones.
     *
     * @param signing the kid of the signing key, {@code null} when there is none yet
     * @param kids    every stored kid
     */
    public record StoredKids(@Nullable String signing, Set<String> kids) {
    }

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transaction;

    public SigningKeyStore(JdbcTemplate jdbc, TransactionTemplate transaction) {
        this.jdbc = jdbc;
        this.transaction = transaction;
    }

    /** The current RS256 signing key, created and stored if there is none yet. */
    public RSAKey currentKey() {
        return currentKey(Instant.now());
    }

    /**
     * Every key a verifier may meet: the signing key first, then the next key if one is published
     * ahead of signing, then the rotated keys whose tokens may still be in circulation.
     */
    public List<RSAKey> publishedKeys(Instant now) {
        return published(now).stream().map(PublishedKey::key).toList();
    }

    /** {@link #publishedKeys} with each key's state and since when it is in it, in the same order. */
    public List<PublishedKey> published(Instant now) {
        return transaction.execute(status -> {
            currentKey(now); // stores a first key if there is none
            PublishedKey signing = signing().map(stored -> new PublishedKey(stored.key(), State.SIGNING, stored.since(), null))
                    .orElseThrow();
            Stream<PublishedKey> next = next().map(stored -> new PublishedKey(stored.key(), State.NEXT, stored.since(), null))
                    .stream();
            List<PublishedKey> retiring = jdbc.query("""
                    SELECT jwk, rotated_at, retire_after FROM signing_key
                    WHERE algorithm = 'RS256' AND rotated_at IS NOT NULL AND retire_after > ?
                    ORDER BY rotated_at DESC, kid""",
                    (rs, n) -> new PublishedKey(parse(rs.getString(1)), State.RETIRING, rs.getTimestamp(2).toInstant(),
                            rs.getTimestamp(3).toInstant()),
                    Timestamp.from(now));
            return Stream.of(Stream.of(signing), next, retiring.stream()).flatMap(s -> s).toList();
        });
    }

    /** The stored kids and which one signs: one small query, no key parsed. */
    public StoredKids storedKids() {
        Set<String> kids = new LinkedHashSet<>();
        List<String> signing = new ArrayList<>();
        jdbc.query("""
                SELECT kid, algorithm, signing_since, rotated_at FROM signing_key
                ORDER BY signing_since DESC, kid""", rs -> {
            kids.add(rs.getString(1));
            if ("RS256".equals(rs.getString(2)) && rs.getTimestamp(3) != null && rs.getTimestamp(4) == null) {
                signing.add(rs.getString(1));
            }
        });
        return new StoredKids(signing.isEmpty() ? null : signing.get(0), kids);
    }

    /** When the current key started signing. */
    public Instant currentKeySince() {
        return transaction.execute(status -> {
            String kid = currentKey().getKeyID();
            return jdbc.queryForObject("SELECT signing_since FROM signing_key WHERE kid = ?", Timestamp.class, kid)
                    .toInstant();
        });
    }

    /**
     * Immediate rotation: a fresh key signs from {@code now}, with no publish-ahead period. The
     * old one stays published for {@code retention} (the longest lifetime of a JWT it may have
     * signed), then is deleted with its private part. A next key published ahead is deleted: it
     * signed nothing, and it sat in the same table as the old one. Retiring keys are left alone.
     */
    public Rotation rotate(Instant now, Duration retention) {
        RSAKey fresh = generate(); // before the lock: others wait for a few statements, not for a key pair
        return transaction.execute(status -> {
            lockKeys();
            Optional<Stored> old = signing();
            List<String> withdrawn = next().stream().map(Stored::kid).toList();
            withdrawn.forEach(kid -> {
                jdbc.update("DELETE FROM signing_key WHERE kid = ?", kid);
                log.info("Discarded the signing key published ahead, kid {}: it never signed", kid);
            });
            retire(old, now, retention);
            insert(fresh, now, now);
            log.info("Rotated the signing key at once: kid {} now signs, kid {} stays in JWKS until {}",
                    fresh.getKeyID(), old.map(Stored::kid).orElse("(none)"), now.plus(retention));
            return new Rotation(fresh, withdrawn);
        });
    }

    /**
     * Emergency rotation, for a key that leaked (ADR 0056): a fresh key signs from {@code now}
     * and every other stored key (the signing one, the retiring ones, a next one) is deleted with
     * its private part, so it leaves JWKS at once and no token it signed verifies any more. Under
     * the key lock: instances doing this together end up with the last one's key as the only one.
     */
    public Rotation withdrawAllAndRotate(Instant now) {
        RSAKey fresh = generate();
        return transaction.execute(status -> {
            lockKeys();
            List<String> withdrawn = jdbc.queryForList("SELECT kid FROM signing_key ORDER BY created_at, kid", String.class);
            jdbc.update("DELETE FROM signing_key");
            insert(fresh, now, now);
            log.warn("Withdrew every signing key at once ({}): kid {} now signs and is the only key in JWKS; "
                    + "tokens signed before no longer verify", withdrawn, fresh.getKeyID());
            return new Rotation(fresh, withdrawn);
        });
    }

    /**
     * One step of the scheduled rotation. When the current key has signed for {@code period} less
     * {@code publishAhead}, stores the next key, published but not signing. Once that key has been
     * published for {@code publishAhead}, it signs and the old key retires: published for
     * {@code retention} more, then deleted. When several instances find a step due at once, the
     * first takes it and the others find it taken.
     */
    public Step rotateWhenDue(Instant now, Duration period, Duration publishAhead, Duration retention) {
        Optional<Stored> current = signing();
        Optional<Stored> next = next();
        if (current.isEmpty()) {
            return Step.NONE; // no key at all yet: the first one is stored when first asked for
        }
        if (next.isPresent()) {
            return next.get().since().plus(publishAhead).isAfter(now)
                    ? Step.NONE
                    : switchTo(next.get(), current.get(), now, retention);
        }
        return current.get().since().plus(period).minus(publishAhead).isAfter(now)
                ? Step.NONE
                : publishNext(current.get(), now, publishAhead);
    }

    /** Deletes rotated keys whose tokens have all expired. @return how many */
    public int deleteRetired(Instant now) {
        return jdbc.update("DELETE FROM signing_key WHERE rotated_at IS NOT NULL AND retire_after <= ?",
                Timestamp.from(now));
    }

    /** A stored key and when it started signing (or, for the next key, was published). */
    private record Stored(RSAKey key, Instant since) {
        String kid() {
            return key.getKeyID();
        }
    }

    private RSAKey currentKey(Instant now) {
        return transaction.execute(status -> signing().map(Stored::key).orElseGet(() -> storeFirstKey(now)));
    }

    private Optional<Stored> signing() {
        return jdbc.query("""
                SELECT jwk, signing_since FROM signing_key
                WHERE algorithm = 'RS256' AND rotated_at IS NULL AND signing_since IS NOT NULL
                ORDER BY signing_since DESC, kid""",
                (rs, n) -> new Stored(parse(rs.getString(1)), rs.getTimestamp(2).toInstant()))
                .stream().findFirst();
    }

    private Optional<Stored> next() {
        return jdbc.query("""
                SELECT jwk, created_at FROM signing_key
                WHERE algorithm = 'RS256' AND rotated_at IS NULL AND signing_since IS NULL
                ORDER BY created_at DESC, kid""",
                (rs, n) -> new Stored(parse(rs.getString(1)), rs.getTimestamp(2).toInstant()))
                .stream().findFirst();
    }

    /**
     * Stores a first key unless another instance stored one while this one generated its own: the
     * lock makes instances that start together on an empty database take turns, and every one
     * after the first finds the first one's key and uses it. A first key signs at once: no
     * verifier holds an older key set it could be missing from.
     */
    private RSAKey storeFirstKey(Instant now) {
        RSAKey candidate = generate(); // before the lock: others wait for two statements, not for a key pair
        lockKeys();
        Optional<Stored> stored = signing();
        if (stored.isPresent()) {
            return stored.get().key();
        }
        insert(candidate, now, now);
        return candidate;
    }

    private Step publishNext(Stored current, Instant now, Duration publishAhead) {
        RSAKey fresh = generate();
        boolean published = Boolean.TRUE.equals(transaction.execute(status -> {
            lockKeys();
            if (next().isPresent() || !current.kid().equals(signing().map(Stored::kid).orElse(null))) {
                return false; // another instance published or rotated while this one waited for the lock
            }
            insert(fresh, now, null);
            log.info("Published the next signing key, kid {}: it signs from {} on; kid {} signs until then",
                    fresh.getKeyID(), now.plus(publishAhead), current.kid());
            return true;
        }));
        return published ? Step.PUBLISHED_NEXT : Step.NONE;
    }

    private Step switchTo(Stored next, Stored current, Instant now, Duration retention) {
        boolean switched = Boolean.TRUE.equals(transaction.execute(status -> {
            lockKeys();
            if (!next.kid().equals(next().map(Stored::kid).orElse(null))
                    || !current.kid().equals(signing().map(Stored::kid).orElse(null))) {
                return false; // another instance switched or rotated while this one waited for the lock
            }
            retire(Optional.of(current), now, retention);
            jdbc.update("UPDATE signing_key SET signing_since = ? WHERE kid = ?", Timestamp.from(now), next.kid());
            log.info("Rotated the signing key: kid {} (published since {}) now signs, kid {} stays in JWKS until {}",
                    next.kid(), next.since(), current.kid(), now.plus(retention));
            return true;
        }));
        return switched ? Step.NEXT_SIGNS : Step.NONE;
    }

    /** Held until the transaction ends. */
    private void lockKeys() {
        jdbc.queryForObject("SELECT id FROM signing_key_lock WHERE id = 1 FOR UPDATE", Integer.class);
    }

    private void retire(Optional<Stored> old, Instant now, Duration retention) {
        old.ifPresent(current -> jdbc.update("UPDATE signing_key SET rotated_at = ?, retire_after = ? WHERE kid = ?",
                Timestamp.from(now), Timestamp.from(now.plus(retention)), current.kid()));
    }

    /** @param signingSince when it starts signing; {@code null}: published ahead, not signing yet */
    private void insert(RSAKey key, Instant now, @Nullable Instant signingSince) {
        jdbc.update("INSERT INTO signing_key (kid, algorithm, jwk, created_at, signing_since) VALUES (?, 'RS256', ?, ?, ?)",
                key.getKeyID(), key.toJSONString(), Timestamp.from(now),
                new SqlParameterValue(Types.TIMESTAMP, signingSince == null ? null : Timestamp.from(signingSince)));
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
