package org.tsunagu.audit.verify;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.tsunagu.audit.chain.ChainEntry;
import org.tsunagu.audit.chain.EntryContent;
import org.tsunagu.audit.chain.SignedCheckpoint;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The chain's export format: JSON lines, {@code {"type":"entry",…}} per entry in sequence order,
 * then {@code {"type":"checkpoint",…}} per signed checkpoint. Written by the service, read by the
 * command-line verifier.
 */
public final class ChainExport {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private ChainExport() {
    }

    public static void writeEntry(Writer out, ChainEntry e) {
        EntryContent c = e.content();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", "entry");
        m.put("sequence", e.sequence());
        m.put("recordedAt", e.recordedAt().toString());
        m.put("entryId", c.entryId());
        m.put("kind", c.kind().name());
        m.put("occurredAt", c.occurredAt().toString());
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
        m.put("prevHash", e.prevHash());
        m.put("hash", e.hash());
        line(out, m);
    }

    public static void writeCheckpoint(Writer out, SignedCheckpoint c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", "checkpoint");
        m.put("sequence", c.sequence());
        m.put("hash", c.hash());
        m.put("createdAt", c.createdAt().toString());
        m.put("jws", c.jws());
        line(out, m);
    }

    /** Reads an export into {@code entries} and {@code checkpoints}; a malformed line is an error. */
    public static void read(BufferedReader in, List<ChainEntry> entries, List<SignedCheckpoint> checkpoints)
            throws IOException {
        String line;
        int number = 0;
        while ((line = in.readLine()) != null) {
            number++;
            if (line.isBlank()) {
                continue;
            }
            try {
                JsonNode n = JSON.readTree(line);
                switch (n.path("type").asString()) {
                    case "entry" -> entries.add(new ChainEntry(n.get("sequence").asLong(),
                            Instant.parse(n.get("recordedAt").asString()),
                            new EntryContent(text(n, "entryId"), EntryContent.Kind.valueOf(text(n, "kind")),
                                    Instant.parse(text(n, "occurredAt")), text(n, "residentId"), text(n, "appId"),
                                    text(n, "appOperator"), text(n, "category"), text(n, "purpose"),
                                    text(n, "consentId"), text(n, "action"), text(n, "outcome"), text(n, "reason"),
                                    text(n, "correlationId")),
                            text(n, "prevHash"), text(n, "hash")));
                    case "checkpoint" -> checkpoints.add(new SignedCheckpoint(n.get("sequence").asLong(),
                            text(n, "hash"), Instant.parse(text(n, "createdAt")), text(n, "jws")));
                    default -> throw new IllegalArgumentException("unknown type");
                }
            } catch (RuntimeException e) {
                throw new IOException("line " + number + " is not a chain export line", e);
            }
        }
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? null : v.asString();
    }

    private static void line(Writer out, Map<String, Object> m) {
        try {
            out.write(JSON.writeValueAsString(m));
            out.write('\n');
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
