package org.tsunagu.gateway.security;

import java.security.Key;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKMatcher;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.proc.JWSKeySelector;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;

/**
 * Selects the verification keys exactly as Nimbus's {@link JWSVerificationKeySelector} does (the
 * same JWK source, with its caching and refetch on an unknown {@code kid}; only the allowed
 * algorithms), but keeps the Java public key converted from each JWK instead of decoding the
 * modulus and building a new key for every token.
 */
final class CachedKeySelector implements JWSKeySelector<SecurityContext> {

    /** Signing keys rotate rarely (ADR 0021); more than this many distinct keys means something is off. */
    private static final int MAX_KEYS = 64;

    private final JWSVerificationKeySelector<SecurityContext> delegate;
    private final Map<RSAKey, Key> converted = new ConcurrentHashMap<>();

    CachedKeySelector(JWSVerificationKeySelector<SecurityContext> delegate) {
        this.delegate = delegate;
    }

    @Override
    public List<? extends Key> selectJWSKeys(JWSHeader header, SecurityContext context) throws KeySourceException {
        if (!delegate.isAllowed(header.getAlgorithm())) {
            return List.of();
        }
        List<JWK> jwks = delegate.getJWKSource().get(new JWKSelector(JWKMatcher.forJWSHeader(header)), context);
        List<Key> keys = new ArrayList<>(jwks.size());
        for (JWK jwk : jwks) {
            if (jwk instanceof RSAKey rsa) {
                keys.add(publicKey(rsa));
            }
        }
        return keys;
    }

    private Key publicKey(RSAKey jwk) throws KeySourceException {
        Key key = converted.get(jwk);
        if (key != null) {
            return key;
        }
        try {
            key = jwk.toRSAPublicKey();
        } catch (JOSEException e) {
            throw new KeySourceException("Unusable RSA key " + jwk.getKeyID(), e);
        }
        if (converted.size() >= MAX_KEYS) {
            converted.clear();
        }
        converted.put(jwk, key);
        return key;
    }
}
