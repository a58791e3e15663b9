package org.tsunagu.audit.verify;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.List;

import com.nimbusds.jose.jwk.JWKSet;
import org.tsunagu.audit.chain.ChainEntry;
import org.tsunagu.audit.chain.SignedCheckpoint;

/**
 * The command-line verifier: checks an exported chain (JSON lines from {@code GET /v1/audit/chain})
 * against the published key set and prints the first broken link. Exit code 0 ok, 1 broken,
 * 2 unusable input. No Spring: runs from the audit-service jar (see the module README).
 *
 * <pre>VerifyCommand --keys &lt;jwks.json file or http(s) URL&gt; &lt;chain.jsonl&gt;</pre>
 */
public final class VerifyCommand {

    private VerifyCommand() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** Runs the verifier; the exit code. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length != 3 || !"--keys".equals(args[0])) {
            err.println("usage: VerifyCommand --keys <jwks.json | https://…/v1/audit/keys> <chain.jsonl>");
            return 2;
        }
        try {
            JWKSet keys = JWKSet.parse(readKeys(args[1]));
            List<ChainEntry> entries = new ArrayList<>();
            List<SignedCheckpoint> checkpoints = new ArrayList<>();
            try (BufferedReader in = Files.newBufferedReader(Path.of(args[2]), StandardCharsets.UTF_8)) {
                ChainExport.read(in, entries, checkpoints);
            }
            Verification result = new ChainVerifier(keys).verify(entries, checkpoints);
            out.println(result.summary());
            return result.ok() ? 0 : 1;
        } catch (IOException | ParseException | RuntimeException e) {
            err.println("cannot verify: " + e.getMessage());
            return 2;
        }
    }

    private static String readKeys(String location) throws IOException {
        if (location.startsWith("http://") || location.startsWith("https://")) {
            try (InputStream in = URI.create(location).toURL().openStream()) {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
        }
        return Files.readString(Path.of(location), StandardCharsets.UTF_8);
    }
}
