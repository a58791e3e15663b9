package org.tsunagu.audit.chain;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

import tools.jackson.databind.json.JsonMapper;

/**
 * One link of the audit hash chain: what happened ({@link EntryContent}), where it sits
 * ({@code sequence}, {@code recordedAt}) and how it is bound to its predecessor
 * ({@code prevHash}, {@code hash}). Pure Java, shared by the service and the command-line verifier.
 */
public record ChainEntry(long sequence, Instant recordedAt, EntryContent content, String prevHash, String hash) {

    /** The previous hash of the first entry of a chain that was never pruned. */
    public static final String GENESIS = "0".repeat(64);

    private static final JsonMapper CANONICAL = JsonMapper.builder().build();

    /** The entry that follows {@code prevHash} at {@code sequence}, its hash computed. */
    public static ChainEntry link(long sequence, Instant recordedAt, EntryContent content, String prevHash) {
        Instant at = truncate(recordedAt);
        return new ChainEntry(sequence, at, content, prevHash, hashOf(sequence, at, content, prevHash));
    }

    /** The hash this entry's content and predecessor call for (differs from {@link #hash()} if tampered with). */
    public String expectedHash() {
        return hashOf(sequence, recordedAt, content, prevHash);
    }

    /**
     * Hex SHA-256 over the canonical serialisation: a JSON object with a fixed member order,
     * instants in ISO-8601 UTC at microsecond precision, absent values as {@code null}.
     */
    static String hashOf(long sequence, Instant recordedAt, EntryContent c, String prevHash) {
        return sha256Hex(canonical(sequence, recordedAt, c, prevHash));
    }

    static String canonical(long sequence, Instant recordedAt, EntryContent c, String prevHash) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("v", 1);
        m.put("seq", sequence);
        m.put("recordedAt", truncate(recordedAt).toString());
        m.put("entryId", c.entryId());
        m.put("kind", c.kind().name());
        m.put("occurredAt", truncate(c.occurredAt()).toString());
        m.put("residentId", c.residentId());
        m.put("appId", c.appId());
        m.put("appOperator", c.appOperator());
        m.put("category", c.category());
        m.put("purpose", c.purpose());
        m.put("consentId", c.consentId());
        m.put("action", c.action());
        m.put("outcome", c.outcome());
        m.put("reason", c.reason());
        m.put("correlationId", c.correlationId());
        m.put("prevHash", prevHash);
        return CANONICAL.writeValueAsString(m);
    }

    /** The precision the database keeps (microseconds), so stored and hashed instants agree. */
    public static Instant truncate(Instant instant) {
        return instant.truncatedTo(ChronoUnit.MICROS);
    }

    static String sha256Hex(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
