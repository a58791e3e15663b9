package org.tsunagu.id;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The {@code tsunagu.*} properties this service reads (see docs/hub-conventions.md).
 *
 * @param issuerUri the issuer ({@code iss}) of every token and of the discovery document
 * @param seedsDir  the seeds folder loaded on first start; {@code null} means no seeding
 * @param gateway   the hub gateway's own client
 * @param pairwise  how pairwise subject ids are derived
 * @param keys      signing key rotation
 * @param clientSecrets how client secrets are hashed at rest
 * @param login     login throttling
 * @param webauthn  passkeys (ADR 0027a)
 */
@ConfigurationProperties("tsunagu")
public record IdServiceProperties(
        @DefaultValue("http://localhost:9000") String issuerUri,
        @Nullable String seedsDir,
        @DefaultValue Gateway gateway,
        @DefaultValue Pairwise pairwise,
        @DefaultValue Keys keys,
        @DefaultValue ClientSecrets clientSecrets,
        @DefaultValue Login login,
        @DefaultValue Webauthn webauthn) {

    /** @param clientSecret the secret of the {@code tsunagu-gateway} client */
    public record Gateway(@DefaultValue("gateway-dev-secret") String clientSecret) {
    }

    /** @param secret the HMAC secret for pairwise subs; blank means generate once and persist */
    public record Pairwise(@DefaultValue("") String secret) {
    }

    /**
     * @param rotationPeriod how long one key signs before a new one takes over
     * @param retention      how long a rotated key stays in JWKS: at least the longest JWT lifetime
     *                       (ID tokens 30 min, access tokens 5 min by default) plus
     *                       {@code checkInterval}, during which other instances may still sign with it
     * @param publishAhead   how long the next key is in JWKS before it signs (ADR 0052): longer
     *                       than {@code checkInterval} plus the time verifiers cache JWKS (5 min)
     * @param checkInterval  how often each instance checks for a due rotation and reloads the keys
     * @param watchInterval  how often each instance checks, with one small query, whether another
     *                       key signs in the database or a key it publishes is gone (an operator's
     *                       rotation or withdrawal on another instance, ADR 0056), and reloads if so
     */
    public record Keys(@DefaultValue("P30D") java.time.Duration rotationPeriod,
                       @DefaultValue("PT1H") java.time.Duration retention,
                       @DefaultValue("PT10M") java.time.Duration publishAhead,
                       @DefaultValue("PT1M") java.time.Duration checkInterval,
                       @DefaultValue("PT5S") java.time.Duration watchInterval) {
        public Keys {
            if (watchInterval.isNegative() || watchInterval.isZero() || watchInterval.compareTo(checkInterval) > 0) {
                throw new IllegalArgumentException("tsunagu.keys.watch-interval must be positive and no longer than "
                        + "tsunagu.keys.check-interval");
            }
            if (publishAhead.compareTo(checkInterval) <= 0) {
                throw new IllegalArgumentException("tsunagu.keys.publish-ahead must be longer than "
                        + "tsunagu.keys.check-interval: every instance must have loaded the next key before any signs with it");
            }
            if (publishAhead.compareTo(rotationPeriod) >= 0) {
                throw new IllegalArgumentException("tsunagu.keys.publish-ahead must be shorter than tsunagu.keys.rotation-period");
            }
        }
    }

    /** @param hashing {@code sha256} (default: generated high-entropy secrets, ADR 0022) or {@code bcrypt} */
    public record ClientSecrets(@DefaultValue("sha256") String hashing) {
        public ClientSecrets {
            if (!"sha256".equals(hashing) && !"bcrypt".equals(hashing)) {
                throw new IllegalArgumentException("tsunagu.client-secrets.hashing must be sha256 or bcrypt");
            }
        }
    }

    /**
     * @param maxFailures failed logins for one login id before it is locked out
     * @param lockout     how long the lockout lasts (and the window failures are counted in)
     */
    public record Login(@DefaultValue("10") int maxFailures, @DefaultValue("PT15M") java.time.Duration lockout) {
    }

    /**
     * @param rpId           the WebAuthn relying party id: the host residents see (a registrable domain)
     * @param rpName         the name authenticators show to the resident
     * @param allowedOrigins origins a passkey ceremony may come from; empty means the issuer URI's origin
     */
    public record Webauthn(@DefaultValue("localhost") String rpId,
                           @DefaultValue("地域ID (Regional ID)") String rpName,
                           @DefaultValue java.util.List<String> allowedOrigins) {

        /** The allowed origins, falling back to the origin of {@code issuerUri}. */
        public java.util.Set<String> originsOr(String issuerUri) {
            if (!allowedOrigins.isEmpty()) {
                return new java.util.LinkedHashSet<>(allowedOrigins);
            }
            java.net.URI issuer = java.net.URI.create(issuerUri);
            return java.util.Set.of(issuer.getScheme() + "://" + issuer.getRawAuthority());
        }
    }
}
