package org.tsunagu.audit.verify;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.tsunagu.audit.ChainFixtures;

/** The command-line verifier checks an export from {@code GET /v1/audit/chain} against {@code GET /v1/audit/keys}. */
class VerifyCommandTest extends ChainFixtures {

    @Autowired
    private JdbcClient jdbc;

    @TempDir
    Path dir;

    private record Run(int exitCode, String out) {
    }

    private Run verify(Path chain) throws IOException {
        Path keys = dir.resolve("keys.json");
        Files.writeString(keys, httpGet("/v1/audit/keys", null).body());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream print = new PrintStream(out, true, StandardCharsets.UTF_8);
        int code = VerifyCommand.run(new String[] {"--keys", keys.toString(), chain.toString()}, print, print);
        return new Run(code, out.toString(StandardCharsets.UTF_8));
    }

    private List<String> exportedLines() {
        String resident = newResident();
        publishAndAwait(jdbc, allowed(resident), allowed(resident), allowed(resident));
        call("POST", "/v1/audit/checkpoints", operatorToken());
        var response = httpGet("/v1/audit/chain", operatorToken());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/x-ndjson"));
        return new ArrayList<>(response.body().lines().toList());
    }

    private int lastEntryLine(List<String> lines) {
        int index = -1;
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).startsWith("{\"type\":\"entry\"")) {
                index = i;
            }
        }
        return index;
    }

    @Test
    void givenUntouchedExport_whenVerified_thenExitZero() throws IOException {
        Path chain = Files.write(dir.resolve("chain.jsonl"), exportedLines());

        Run run = verify(chain);

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).startsWith("OK:");
    }

    @Test
    void givenExportWithChangedEntry_whenVerified_thenExitOneNamingTheSequence() throws IOException {
        List<String> lines = exportedLines();
        int last = lastEntryLine(lines);
        lines.set(last - 1, lines.get(last - 1).replace("\"outcome\":\"ALLOWED\"", "\"outcome\":\"DENIED\""));
        long sequence = JSON.readTree(lines.get(last - 1)).path("sequence").asLong();
        Path chain = Files.write(dir.resolve("chain.jsonl"), lines);

        Run run = verify(chain);

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.out()).startsWith("BROKEN at sequence " + sequence + ": CONTENT_CHANGED");
    }

    @Test
    void givenExportWithSwappedEntries_whenVerified_thenOrderChanged() throws IOException {
        List<String> lines = exportedLines();
        int last = lastEntryLine(lines);
        Collections.swap(lines, last - 1, last - 2);
        Path chain = Files.write(dir.resolve("chain.jsonl"), lines);

        Run run = verify(chain);

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.out()).contains("BROKEN at sequence");
    }

    @Test
    void givenForeignKeys_whenVerified_thenCheckpointSignatureBad() throws IOException {
        Path chain = Files.write(dir.resolve("chain.jsonl"), exportedLines());
        Path keys = dir.resolve("other-keys.json");
        Files.writeString(keys, org.tsunagu.audit.TestTokens.jwks());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream print = new PrintStream(out, true, StandardCharsets.UTF_8);

        int code = VerifyCommand.run(new String[] {"--keys", keys.toString(), chain.toString()}, print, print);

        assertThat(code).isEqualTo(1);
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("CHECKPOINT_SIGNATURE_BAD");
    }

    @Test
    void givenNoArguments_whenRun_thenUsageAndExitTwo() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream print = new PrintStream(out, true, StandardCharsets.UTF_8);

        assertThat(VerifyCommand.run(new String[0], print, print)).isEqualTo(2);
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("usage");
    }
}
