package org.tsunagu.audit.retention;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.Period;
import java.time.ZoneOffset;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.tsunagu.audit.ChainFixtures;

import tools.jackson.databind.JsonNode;

/** Pruning removes entries past retention only up to a signed checkpoint; the rest still verifies. */
class RetentionPrunerTest extends ChainFixtures {

    @Autowired
    private JdbcClient jdbc;

    @Autowired
    private RetentionPruner pruner;

    private long count(long seq) {
        return jdbc.sql("SELECT COUNT(*) FROM audit_entry WHERE seq = ?").param(seq).query(Long.class).single();
    }

    @Test
    void givenNothingOlderThanRetention_whenPruned_thenNothingDeleted() {
        long seq = publishAndAwait(jdbc, allowed(newResident())).get(0);
        call("POST", "/v1/audit/checkpoints", operatorToken());

        pruner.prune(Instant.now());

        assertThat(count(seq)).isEqualTo(1);
    }

    @Test
    void givenCheckpointOlderThanRetention_whenPruned_thenEntriesUpToItGoneAndRestVerifies() {
        String resident = newResident();
        List<Long> before = publishAndAwait(jdbc, allowed(resident), allowed(resident));
        JsonNode checkpoint = json(call("POST", "/v1/audit/checkpoints", operatorToken()));
        long anchor = checkpoint.path("sequence").asLong();
        List<Long> after = publishAndAwait(jdbc, allowed(resident), allowed(resident));
        Instant fourYearsOn = Instant.now().atOffset(ZoneOffset.UTC).plus(Period.ofYears(3)).plusDays(1).toInstant();

        pruner.prune(fourYearsOn);

        assertThat(count(before.get(0)) + count(before.get(1))).isZero();
        assertThat(count(after.get(0)) + count(after.get(1))).isEqualTo(2);
        JsonNode report = json(httpGet("/v1/audit/verification", operatorToken()));
        assertThat(report.path("ok").asBoolean()).isTrue();
        assertThat(report.path("anchorSequence").asLong()).isEqualTo(anchor);
    }
}
