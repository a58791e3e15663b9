package org.tsunagu.audit.verify;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.tsunagu.audit.ChainFixtures;

import tools.jackson.databind.JsonNode;

/**
 * Tamper tests: rows changed, deleted and reordered directly in the database are caught by
 * {@code GET /v1/audit/verification}, naming the first broken sequence. Each test repairs the
 * database afterwards, since the module's tests share one.
 */
class ChainTamperTest extends ChainFixtures {

    @Autowired
    private JdbcClient jdbc;

    private JsonNode verification() {
        HttpResponse<String> response = httpGet("/v1/audit/verification", operatorToken());
        assertThat(response.statusCode()).isEqualTo(200);
        return json(response);
    }

    private List<Long> threeChainedRecords() {
        String resident = newResident();
        List<Long> seqs = publishAndAwait(jdbc, allowed(resident), allowed(resident), allowed(resident));
        assertThat(seqs.get(1)).isEqualTo(seqs.get(0) + 1);
        assertThat(seqs.get(2)).isEqualTo(seqs.get(1) + 1);
        assertThat(verification().path("ok").asBoolean()).isTrue();
        return seqs;
    }

    @Test
    void givenChain_whenVerified_thenOkAndEntriesCarryTheAppOperator() {
        List<Long> seqs = threeChainedRecords();

        JsonNode report = verification();

        assertThat(report.path("ok").asBoolean()).isTrue();
        assertThat(report.path("headSequence").asLong()).isGreaterThanOrEqualTo(seqs.get(2));
        assertThat(jdbc.sql("SELECT app_operator FROM audit_entry WHERE seq = ?").param(seqs.get(0))
                .query(String.class).single()).isEqualTo(APP_KENKO_OPERATOR);
    }

    @Test
    void givenRowContentChanged_whenVerified_thenContentChangedAtThatSequence() {
        long middle = threeChainedRecords().get(1);
        try {
            jdbc.sql("UPDATE audit_entry SET outcome = 'DENIED' WHERE seq = ?").param(middle).update();

            JsonNode report = verification();

            assertThat(report.path("ok").asBoolean()).isFalse();
            assertThat(report.path("brokenAt").asLong()).isEqualTo(middle);
            assertThat(report.path("reason").asString()).isEqualTo("CONTENT_CHANGED");
        } finally {
            jdbc.sql("UPDATE audit_entry SET outcome = 'ALLOWED' WHERE seq = ?").param(middle).update();
        }
        assertThat(verification().path("ok").asBoolean()).isTrue();
    }

    @Test
    void givenRowDeleted_whenVerified_thenEntryMissingAtThatSequence() {
        long middle = threeChainedRecords().get(1);
        Map<String, Object> row = jdbc.sql("SELECT * FROM audit_entry WHERE seq = ?").param(middle).query().singleRow();
        try {
            jdbc.sql("DELETE FROM audit_entry WHERE seq = ?").param(middle).update();

            JsonNode report = verification();

            assertThat(report.path("ok").asBoolean()).isFalse();
            assertThat(report.path("brokenAt").asLong()).isEqualTo(middle);
            assertThat(report.path("reason").asString()).isEqualTo("ENTRY_MISSING");
        } finally {
            reinsert(row);
        }
        assertThat(verification().path("ok").asBoolean()).isTrue();
    }

    @Test
    void givenTwoRowsSwapped_whenVerified_thenOrderChangedAtTheFirst() {
        List<Long> seqs = threeChainedRecords();
        long a = seqs.get(0);
        long b = seqs.get(1);
        try {
            swap(a, b);

            JsonNode report = verification();

            assertThat(report.path("ok").asBoolean()).isFalse();
            assertThat(report.path("brokenAt").asLong()).isEqualTo(a);
            assertThat(report.path("reason").asString()).isEqualTo("ORDER_CHANGED");
        } finally {
            swap(a, b);
        }
        assertThat(verification().path("ok").asBoolean()).isTrue();
    }

    @Test
    void givenCheckpointTamperedWith_whenVerified_thenCheckpointSignatureBad() {
        threeChainedRecords();
        JsonNode checkpoint = json(call("POST", "/v1/audit/checkpoints", operatorToken()));
        long seq = checkpoint.path("sequence").asLong();
        String original = jdbc.sql("SELECT hash FROM audit_checkpoint WHERE seq = ?").param(seq)
                .query(String.class).single();
        try {
            jdbc.sql("UPDATE audit_checkpoint SET hash = ? WHERE seq = ?").params("f".repeat(64), seq).update();

            JsonNode report = verification();

            assertThat(report.path("ok").asBoolean()).isFalse();
            assertThat(report.path("brokenAt").asLong()).isEqualTo(seq);
            assertThat(report.path("reason").asString()).isEqualTo("CHECKPOINT_SIGNATURE_BAD");
        } finally {
            jdbc.sql("UPDATE audit_checkpoint SET hash = ? WHERE seq = ?").params(original, seq).update();
        }
        assertThat(verification().path("ok").asBoolean()).isTrue();
    }

    @Test
    void givenLastCheckpointedRowDeleted_whenVerified_thenEntryMissing() {
        long last = threeChainedRecords().get(2);
        assertThat(call("POST", "/v1/audit/checkpoints", operatorToken()).statusCode()).isEqualTo(201);
        Map<String, Object> row = jdbc.sql("SELECT * FROM audit_entry WHERE seq = ?").param(last).query().singleRow();
        try {
            jdbc.sql("DELETE FROM audit_entry WHERE seq = ?").param(last).update();

            JsonNode report = verification();

            assertThat(report.path("brokenAt").asLong()).isEqualTo(last);
            assertThat(report.path("reason").asString()).isEqualTo("ENTRY_MISSING");
        } finally {
            reinsert(row);
        }
        assertThat(verification().path("ok").asBoolean()).isTrue();
    }

    private void swap(long a, long b) {
        jdbc.sql("UPDATE audit_entry SET seq = -1 WHERE seq = ?").param(a).update();
        jdbc.sql("UPDATE audit_entry SET seq = ? WHERE seq = ?").params(a, b).update();
        jdbc.sql("UPDATE audit_entry SET seq = ? WHERE seq = -1").param(b).update();
    }

    private void reinsert(Map<String, Object> row) {
        List<String> columns = List.copyOf(row.keySet());
        String sql = "INSERT INTO audit_entry (" + String.join(", ", columns) + ") VALUES ("
                + String.join(", ", columns.stream().map(c -> "?").toList()) + ")";
        jdbc.sql(sql).params(columns.stream().map(row::get).toList()).update();
    }
}
