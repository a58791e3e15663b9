package org.tsunagu.id.keys;

import java.time.Clock;
import java.time.Instant;
import java.util.List;

import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.tsunagu.id.IdServiceProperties;
import org.tsunagu.id.keys.SigningKeyStore.Step;

/**
 * The signing keys as the authorization server sees them: a {@link JWKSource} (JWKS endpoint,
 * token signing, our own token validation) over the keys in the database, cached in memory and
 * reloaded at every rotation check ({@code tsunagu.keys.check-interval}), after this instance
 * changed them, and when its watch ({@code tsunagu.keys.watch-interval}) finds that another
 * instance changed the signing key or deleted a key this one publishes. Rotates on schedule
 * ({@code tsunagu.keys.rotation-period}), publishing the next key {@code tsunagu.keys.publish-ahead}
 * before it signs (ADR 0052); operators rotate at once, and withdraw a leaked key (ADR 0056).
 */
@Component
public class SigningKeys implements JWKSource<SecurityContext> {

    private final SigningKeyStore store;
    private final IdServiceProperties.Keys settings;
    private final Clock clock;
    private volatile Loaded loaded;

    private record Loaded(RSAKey current, JWKSet published) {
        boolean matches(SigningKeyStore.StoredKids stored) {
            return current.getKeyID().equals(stored.signing())
                    && published.getKeys().stream().map(JWK::getKeyID).allMatch(stored.kids()::contains);
        }
    }

    /**
     * What an operator's rotation did, as this instance serves it now.
     *
     * @param keyId           the key that signs from now on
     * @param withdrawnKeyIds the keys deleted from the database and JWKS by the rotation
     * @param publishedKeyIds this instance's JWKS after the rotation, signing key first
     */
    public record Rotation(String keyId, List<String> withdrawnKeyIds, List<String> publishedKeyIds) {
    }

    @org.springframework.beans.factory.annotation.Autowired
    public SigningKeys(SigningKeyStore store, IdServiceProperties properties) {
        this(store, properties, Clock.systemUTC());
    }

    SigningKeys(SigningKeyStore store, IdServiceProperties properties, Clock clock) {
        this.store = store;
        this.settings = properties.keys();
        this.clock = clock;
        reload(clock.instant());
    }

    /** The key id new tokens are signed with (set as {@code kid} in every JWS header we write). */
    public String currentKeyId() {
        return loaded.current().getKeyID();
    }

    /** Selects from every published key: the signing one, the next one if published ahead, the retiring ones. */
    @Override
    public List<JWK> get(JWKSelector selector, SecurityContext context) throws KeySourceException {
        return selector.select(loaded.published());
    }

    /** {@link #rotate rotate(false)}: the previous key stays published for the retention. @return the new key id */
    public String rotateNow() {
        return rotate(false).keyId();
    }

    /**
     * Immediate rotation: this instance signs with a fresh key at once, with no publish-ahead
     * period, and serves the new key set before returning. A next key published ahead is
     * discarded in any case.
     * <ul>
     * <li>{@code withdrawPrevious == false}: the previous signing key stays published for
     * {@code tsunagu.keys.retention}, so its tokens keep verifying until they expire.</li>
     * <li>{@code withdrawPrevious == true}, for a key that leaked (ADR 0056): every other key is
     * deleted from the database, so this instance stops publishing and accepting it at once, and
     * every token signed before stops verifying here.</li>
     * </ul>
     * Other instances on the database reload at their next watch ({@code tsunagu.keys.watch-interval},
     * 5 s), or at the latest at their next rotation check ({@code tsunagu.keys.check-interval}).
     * Until then they sign with the previous key, still publish it (and, after a withdrawal, still
     * accept tokens signed with it), and their JWKS lacks the new key, so a verifier that fetches
     * JWKS from them refuses this instance's new tokens for that long. Planned rotations go
     * through the schedule, which has none of that gap.
     */
    public synchronized Rotation rotate(boolean withdrawPrevious) {
        Instant now = clock.instant();
        SigningKeyStore.Rotation rotation = withdrawPrevious
                ? store.withdrawAllAndRotate(now)
                : store.rotate(now, settings.retention());
        reload(now);
        return new Rotation(rotation.signing().getKeyID(), rotation.withdrawn(),
                loaded.published().getKeys().stream().map(JWK::getKeyID).toList());
    }

    /** The published keys with their states, read from the database (what every instance serves once it has reloaded). */
    public List<SigningKeyStore.PublishedKey> published() {
        return store.published(clock.instant());
    }

    /**
     * The watch: reloads when the database no longer holds what this instance serves: another
     * key signs there (another instance rotated), or a key this instance publishes is gone (it
     * was withdrawn, or retired by another instance). One small query, no key parsed.
     *
     * @return whether it reloaded
     */
    public synchronized boolean reloadIfChanged() {
        if (loaded.matches(store.storedKids())) {
            return false;
        }
        reload(clock.instant());
        return true;
    }

    /** The scheduled watch, every {@code tsunagu.keys.watch-interval}: {@link #reloadIfChanged()}. */
    @Scheduled(fixedDelayString = "${tsunagu.keys.watch-interval:PT5S}",
            initialDelayString = "${tsunagu.keys.watch-interval:PT5S}")
    public void watch() {
        reloadIfChanged();
    }

    /** The scheduled check: one rotation step if due, retired keys dropped, and a reload in any case. */
    @Scheduled(fixedDelayString = "${tsunagu.keys.check-interval:PT1M}",
            initialDelayString = "${tsunagu.keys.check-interval:PT1M}")
    public synchronized void rotateWhenDue() {
        Instant now = clock.instant();
        checkRotation(now);
        store.deleteRetired(now);
        reload(now);
    }

    /**
     * One step of the scheduled rotation at {@code now}, reloading if it changed the keys.
     * @return what changed ({@link Step#NONE} too when another instance on the database just did
     * it: the next reload picks that up)
     */
    synchronized Step checkRotation(Instant now) {
        Step step = store.rotateWhenDue(now, settings.rotationPeriod(), settings.publishAhead(), settings.retention());
        if (step != Step.NONE) {
            reload(now);
        }
        return step;
    }

    private void reload(Instant now) {
        List<RSAKey> keys = store.publishedKeys(now);
        loaded = new Loaded(keys.get(0), new JWKSet(List.copyOf(keys)));
    }
}
