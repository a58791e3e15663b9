package org.tsunagu.id.pairwise;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Derives an app's pairwise subject id for a resident:
 * {@code base64url-no-padding(HMAC-SHA256(secret, clientId + "|" + residentId))}.
 * Apps cannot link residents across apps; only the hub can resolve a sub back.
 */
public final class PairwiseSubjectCalculator {

    private final SecretKeySpec key;

    public PairwiseSubjectCalculator(byte[] secret) {
        if (secret.length < 16) {
            throw new IllegalArgumentException("pairwise secret must have at least 16 bytes");
        }
        this.key = new SecretKeySpec(secret.clone(), "HmacSHA256");
    }

    public String subFor(String clientId, String residentId) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            byte[] digest = mac.doFinal((clientId + "|" + residentId).getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }
}
