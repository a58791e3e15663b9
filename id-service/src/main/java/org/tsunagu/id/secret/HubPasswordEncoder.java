package org.tsunagu.id.secret;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;

import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.password.DelegatingPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.crypto.password.Pbkdf2PasswordEncoder;

/**
 * The one {@link PasswordEncoder} of the service (Spring Authorization Server uses the same bean
 * for client secrets). Resident and operator passwords: {@code {bcrypt}}, slow on purpose, because
 * people choose guessable passwords. Client secrets: by default {@code {sha256}}, because they are
 * generated, high-entropy strings (ADR 0022) where a slow hash only buys latency; an operator who
 * wants bcrypt there sets {@code tsunagu.client-secrets.hashing=bcrypt}. Stored hashes of either kind
 * keep verifying whatever the setting, and a {@code {sha256}} secret is never "upgraded" behind the
 * operator's back.
 */
public final class HubPasswordEncoder implements PasswordEncoder {

    /** Prefix of a client secret stored as an unsalted SHA-256 digest. */
    public static final String SHA256 = "sha256";

    private final DelegatingPasswordEncoder delegate;

    public HubPasswordEncoder() {
        Map<String, PasswordEncoder> encoders = new HashMap<>();
        encoders.put("bcrypt", new BCryptPasswordEncoder());
        encoders.put("pbkdf2@SpringSecurity_v5_8", Pbkdf2PasswordEncoder.defaultsForSpringSecurity_v5_8());
        encoders.put(SHA256, new Sha256SecretEncoder());
        this.delegate = new DelegatingPasswordEncoder("bcrypt", encoders);
    }

    @Override
    public String encode(CharSequence rawPassword) {
        return delegate.encode(rawPassword);
    }

    /** Encodes a generated client secret the way {@code tsunagu.client-secrets.hashing} says. */
    public String encodeClientSecret(CharSequence secret, String hashing) {
        return SHA256.equals(hashing) ? "{" + SHA256 + "}" + Sha256SecretEncoder.digest(secret) : delegate.encode(secret);
    }

    @Override
    public boolean matches(CharSequence rawPassword, String encodedPassword) {
        return delegate.matches(rawPassword, encodedPassword);
    }

    @Override
    public boolean upgradeEncoding(String encodedPassword) {
        return encodedPassword != null && !encodedPassword.startsWith("{" + SHA256 + "}")
                && delegate.upgradeEncoding(encodedPassword);
    }

    /** SHA-256, compared in constant time. Only for high-entropy machine secrets, never for passwords. */
    static final class Sha256SecretEncoder implements PasswordEncoder {

        @Override
        public String encode(CharSequence raw) {
            return digest(raw);
        }

        @Override
        public boolean matches(CharSequence raw, String encoded) {
            return encoded != null && MessageDigest.isEqual(digest(raw).getBytes(StandardCharsets.US_ASCII),
                    encoded.getBytes(StandardCharsets.US_ASCII));
        }

        static String digest(CharSequence raw) {
            try {
                return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                        .digest(raw.toString().getBytes(StandardCharsets.UTF_8)));
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
