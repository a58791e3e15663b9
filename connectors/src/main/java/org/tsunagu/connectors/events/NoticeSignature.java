package org.tsunagu.connectors.events;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Checks a municipal system's notice signed the Standard Webhooks way:
 * {@code v1,base64(HMAC-SHA256(secret, id + "." + timestamp + "." + body))}, with the timestamp
 * within a tolerance of our clock. Several space-separated signatures may be sent (key rotation).
 */
public final class NoticeSignature {

    private static final String PREFIX = "whsec_";

    private final Clock clock;
    private final Duration tolerance;

    public NoticeSignature(Clock clock, Duration tolerance) {
        this.clock = clock;
        this.tolerance = tolerance;
    }

    /** Why a notice is refused, or {@code null} if its signature and timestamp are good. */
    public String problem(String secret, String id, String timestamp, String signatures, byte[] body) {
        if (secret == null || secret.isBlank()) {
            return "This system has no event secret configured.";
        }
        if (id == null || id.isBlank() || timestamp == null || signatures == null) {
            return "The notice must carry webhook-id, webhook-timestamp and webhook-signature.";
        }
        long seconds;
        try {
            seconds = Long.parseLong(timestamp.strip());
        } catch (NumberFormatException e) {
            return "The webhook-timestamp is not a number of seconds.";
        }
        Instant sentAt = Instant.ofEpochSecond(seconds);
        if (Duration.between(sentAt, clock.instant()).abs().compareTo(tolerance) > 0) {
            return "The webhook-timestamp is too far from now.";
        }
        byte[] expected = hmac(secret, id + "." + timestamp.strip() + ".", body);
        for (String candidate : signatures.strip().split(" +")) {
            if (candidate.startsWith("v1,") && matches(expected, candidate.substring(3))) {
                return null;
            }
        }
        return "The webhook-signature does not match.";
    }

    /** The {@code webhook-signature} value a sender computes (used by tests and the simulator's twin). */
    public static String sign(String secret, String id, long timestamp, byte[] body) {
        return "v1," + Base64.getEncoder().encodeToString(hmac(secret, id + "." + timestamp + ".", body));
    }

    private static boolean matches(byte[] expected, String base64) {
        try {
            return MessageDigest.isEqual(expected, Base64.getDecoder().decode(base64));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static byte[] hmac(String secret, String prefix, byte[] body) {
        String encoded = secret.startsWith(PREFIX) ? secret.substring(PREFIX.length()) : secret;
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(Base64.getDecoder().decode(encoded), "HmacSHA256"));
            mac.update(prefix.getBytes(StandardCharsets.UTF_8));
            return mac.doFinal(body);
        } catch (NoSuchAlgorithmException | InvalidKeyException | IllegalArgumentException e) {
            throw new IllegalStateException("Unusable event secret", e);
        }
    }
}
