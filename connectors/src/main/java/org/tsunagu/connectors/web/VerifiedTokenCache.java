package org.tsunagu.connectors.web;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.JwtValidationException;

/**
 * Remembers the tokens whose signature was verified, so an app's repeated token (a backend keeps
 * its client-credentials token for its whole lifetime) costs a SHA-256 and a map look-up instead
 * of an RSA verification and Base64 decoding on every request.
 * <ul>
 * <li>Keyed by the SHA-256 of the whole token: only the very same bytes hit; the key reveals
 *     nothing about a token, and a look-up's timing nothing about a cached one.</li>
 * <li>On every hit the validators (exp/nbf with the configured skew, iss, aud, typ, client_id)
 *     run again, so an expired token is refused exactly as without the cache.</li>
 * <li>An entry lives at most {@code maxAge} (default 60 s) and never past the token's exp. A
 *     withdrawn signing key is trusted by the decoder anyway until its JWK set cache refreshes
 *     (5 min), so this adds no longer exposure than that (ADR 0046).</li>
 * <li>Bounded: at {@code maxEntries} expired entries are dropped, and if that frees nothing the
 *     whole cache is cleared (a flood of distinct valid tokens costs verifications, not memory).</li>
 * </ul>
 * <p>
 * A deliberate copy of the gateway's {@code org.tsunagu.gateway.security.VerifiedTokenCache}
 * (services share only the generated contracts, not runtime code; as {@link HeaderChecks}, ADR 0051):
 * the connectors get the gateway's one client-credentials token for its whole life (ADR 0054).
 * <b>Keep the two in step</b>: a change to one is a change to both, with the same tests.
 */
final class VerifiedTokenCache implements JwtDecoder {

    private record Entry(Jwt jwt, Instant notAfter) {
    }

    private final JwtDecoder verifier;
    private final OAuth2TokenValidator<Jwt> validator;
    private final Duration maxAge;
    private final int maxEntries;
    private final Clock clock;
    private final Map<ByteBuffer, Entry> entries = new ConcurrentHashMap<>();

    VerifiedTokenCache(JwtDecoder verifier, OAuth2TokenValidator<Jwt> validator, Duration maxAge, int maxEntries,
            Clock clock) {
        this.verifier = verifier;
        this.validator = validator;
        this.maxAge = maxAge;
        this.maxEntries = maxEntries;
        this.clock = clock;
    }

    @Override
    public Jwt decode(String token) throws JwtException {
        if (token == null) {
            return verifier.decode(null);
        }
        ByteBuffer key = ByteBuffer.wrap(sha256(token));
        Instant now = clock.instant();
        Entry entry = entries.get(key);
        if (entry != null && now.isBefore(entry.notAfter())) {
            OAuth2TokenValidatorResult result = validator.validate(entry.jwt());
            if (result.hasErrors()) {
                entries.remove(key);
                throw new JwtValidationException("An error occurred while attempting to decode the Jwt: "
                        + result.getErrors().iterator().next().getDescription(), result.getErrors());
            }
            return entry.jwt();
        }
        if (entry != null) {
            entries.remove(key, entry); // past its time: verified in full again below
        }
        Jwt jwt = verifier.decode(token); // signature and every validator; throws if anything is wrong
        Instant notAfter = now.plus(maxAge);
        if (jwt.getExpiresAt() != null && jwt.getExpiresAt().isBefore(notAfter)) {
            notAfter = jwt.getExpiresAt();
        }
        if (entries.size() >= maxEntries) {
            evict(now);
        }
        entries.put(key, new Entry(jwt, notAfter));
        return jwt;
    }

    int size() {
        return entries.size();
    }

    private void evict(Instant now) {
        for (Iterator<Entry> it = entries.values().iterator(); it.hasNext();) {
            if (!now.isBefore(it.next().notAfter())) {
                it.remove();
            }
        }
        if (entries.size() >= maxEntries) {
            entries.clear();
        }
    }

    private static byte[] sha256(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java platform", e);
        }
    }
}
