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
 * reloaded at every rotation check ({@code tsunagu.keys.check-interval}) and after this instance
 * changed them. Rotates on schedule ({@code tsunagu.keys.rotation-period}), publishing the next
 * key {@code tsunagu.keys.publish-ahead} before it signs (ADR 0052).
 */
@Component
public class SigningKeys implements JWKSource<SecurityContext> {

    private final SigningKeyStore store;
    private final IdServiceProperties.Keys settings;
    private final Clock clock;
    private volatile Loaded loaded;

    private record Loaded(RSAKey current, JWKSet published) {
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

    /**
     * Immediate rotation, for a key that leaked: this instance signs with a fresh key at once, with
     * no publish-ahead period. Other instances switch at their next rotation check; until then
     * they sign with the old key (still published for the retention) and their JWKS lacks the new
     * one, so a verifier that fetches JWKS from them refuses this instance's new tokens for up to
     * {@code check-interval}. A next key published ahead is discarded. Planned rotations go
     * through the schedule, which has none of that gap.
     */
    public synchronized String rotateNow() {
        Instant now = clock.instant();
        store.rotate(now, settings.retention());
        reload(now);
        return currentKeyId();
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
