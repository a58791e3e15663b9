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

/**
 * The signing keys as the authorization server sees them: a {@link JWKSource} (JWKS endpoint,
 * token signing, our own token validation) over the keys in the database, cached in memory and
 * reloaded after a rotation. Rotates on schedule ({@code tsunagu.keys.rotation-period}), checked
 * every {@code tsunagu.keys.check-interval}.
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
        reload();
    }

    /** The key id new tokens are signed with (set as {@code kid} in every JWS header we write). */
    public String currentKeyId() {
        return loaded.current().getKeyID();
    }

    @Override
    public List<JWK> get(JWKSelector selector, SecurityContext context) throws KeySourceException {
        return selector.select(loaded.published());
    }

    /** Rotates now: new tokens use a new key, the old key stays published for the retention. */
    public synchronized String rotateNow() {
        store.rotate(clock.instant(), settings.retention());
        reload();
        return currentKeyId();
    }

    /** Rotates when the current key is older than the rotation period; drops retired keys. */
    @Scheduled(fixedDelayString = "${tsunagu.keys.check-interval:PT1M}",
            initialDelayString = "${tsunagu.keys.check-interval:PT1M}")
    public synchronized void rotateWhenDue() {
        Instant now = clock.instant();
        rotateIfDue(now);
        store.deleteRetired(now);
        reload();
    }

    /**
     * @return whether this instance rotated the key because it had signed for the whole rotation
     * period by {@code now} (false too when another instance on the database just did: the next
     * reload picks up its key)
     */
    synchronized boolean rotateIfDue(Instant now) {
        if (!store.rotateIfDue(now, settings.rotationPeriod(), settings.retention())) {
            return false;
        }
        reload();
        return true;
    }

    private void reload() {
        List<RSAKey> keys = store.publishedKeys(clock.instant());
        loaded = new Loaded(keys.get(0), new JWKSet(List.copyOf(keys)));
    }
}
