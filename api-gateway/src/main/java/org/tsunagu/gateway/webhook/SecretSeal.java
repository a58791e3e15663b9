package org.tsunagu.gateway.webhook;

import java.text.ParseException;
import java.util.Base64;
import java.util.Map;
import java.util.TreeMap;

import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

import com.nimbusds.jose.EncryptionMethod;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWEAlgorithm;
import com.nimbusds.jose.JWEHeader;
import com.nimbusds.jose.JWEObject;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.DirectDecrypter;
import com.nimbusds.jose.crypto.DirectEncrypter;

/**
 * Seals a subscription's signing secret before it goes into the subscriptions topic, so that
 * whoever can read the topic (another service's principal, a backup, an operator's tool) cannot
 * sign webhooks as the hub (ADR 0049). The sealed form is a compact JWE: direct encryption with
 * AES-256-GCM, the key id in {@code kid}, and the subscription id in the integrity-protected
 * header ({@code sid}), so a sealed secret copied into another subscription's record does not
 * open. Several keys may be configured: new secrets are sealed with the current one, and any
 * configured key opens what it sealed (key rotation without re-creating subscriptions).
 */
public final class SecretSeal {

    private static final String SUBSCRIPTION_PARAM = "sid";

    /** A sealed secret that does not open here; the message says why, never the secret. */
    public static final class Unopenable extends IllegalArgumentException {
        Unopenable(String why) {
            super(why);
        }
    }

    private final String currentKeyId;
    private final Map<String, SecretKey> keys;

    /**
     * @param currentKeyId the key new secrets are sealed with; must be among {@code keys}
     * @param keys key id → 32 bytes, Base64
     */
    public SecretSeal(String currentKeyId, Map<String, String> keys) {
        if (keys == null || keys.isEmpty()) {
            throw new IllegalArgumentException("No webhook secret sealing key is configured.");
        }
        Map<String, SecretKey> parsed = new TreeMap<>();
        keys.forEach((id, base64) -> parsed.put(id, aesKey(id, base64)));
        if (currentKeyId == null || !parsed.containsKey(currentKeyId)) {
            throw new IllegalArgumentException("The current sealing key '" + currentKeyId + "' is not configured.");
        }
        this.currentKeyId = currentKeyId;
        this.keys = Map.copyOf(parsed);
    }

    public String currentKeyId() {
        return currentKeyId;
    }

    /** The secret sealed for this subscription with the current key. */
    public String seal(String subscriptionId, String secret) {
        JWEHeader header = new JWEHeader.Builder(JWEAlgorithm.DIR, EncryptionMethod.A256GCM).keyID(currentKeyId)
                .customParam(SUBSCRIPTION_PARAM, subscriptionId).build();
        JWEObject jwe = new JWEObject(header, new Payload(secret));
        try {
            jwe.encrypt(new DirectEncrypter(keys.get(currentKeyId)));
        } catch (JOSEException e) {
            throw new IllegalStateException("Sealing a webhook secret failed", e);
        }
        return jwe.serialize();
    }

    /**
     * The secret sealed for this subscription.
     *
     * @throws Unopenable if it is malformed, sealed with a key not configured here,
     *         sealed for another subscription, or altered (GCM authentication fails)
     */
    public String open(String subscriptionId, String sealed) {
        JWEObject jwe;
        try {
            jwe = JWEObject.parse(sealed);
        } catch (ParseException e) {
            throw new Unopenable("not a sealed secret");
        }
        JWEHeader header = jwe.getHeader();
        SecretKey key = header.getKeyID() == null ? null : keys.get(header.getKeyID());
        if (key == null) {
            throw new Unopenable("sealed with key '" + header.getKeyID() + "', which is not configured");
        }
        if (!JWEAlgorithm.DIR.equals(header.getAlgorithm()) || !EncryptionMethod.A256GCM.equals(header.getEncryptionMethod())
                || !subscriptionId.equals(header.getCustomParam(SUBSCRIPTION_PARAM))) {
            throw new Unopenable("not sealed for this subscription");
        }
        try {
            jwe.decrypt(new DirectDecrypter(key));
        } catch (JOSEException e) {
            throw new Unopenable("the sealed secret does not open (altered, or another key)");
        }
        return jwe.getPayload().toString();
    }

    private static SecretKey aesKey(String id, String base64) {
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(base64 == null ? "" : base64.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Sealing key '" + id + "' is not Base64.");
        }
        if (bytes.length != 32) {
            throw new IllegalArgumentException("Sealing key '" + id + "' must be 32 bytes (AES-256), not "
                    + bytes.length + ".");
        }
        return new SecretKeySpec(bytes, "AES");
    }
}
