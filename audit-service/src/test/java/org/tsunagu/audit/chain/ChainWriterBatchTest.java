package org.tsunagu.audit.chain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.stream.LongStream;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.tsunagu.audit.AuditSpringTest;

/** {@link ChainWriter#appendAll}: one transaction per batch, each entry id once, linked like single appends. */
class ChainWriterBatchTest extends AuditSpringTest {

    @Autowired
    private ChainWriter writer;

    @Autowired
    private JdbcClient jdbc;

    private static EntryContent access(String residentId) {
        return new EntryContent(UUID.randomUUID().toString(), EntryContent.Kind.ACCESS, Instant.now(), residentId,
                "app-kenko", APP_KENKO_OPERATOR, "vaccination-records", "service-provision", "C-1", "API_READ",
                "ALLOWED", "granted", "corr-batch");
    }

    private long stored(String entryId) {
        return jdbc.sql("SELECT COUNT(*) FROM audit_entry WHERE entry_id = ?").param(entryId)
                .query(Long.class).single();
    }

    @Test
    void givenBatchWithDuplicatesInsideAndEntriesAlreadyStored_whenAppended_thenEachOnceLinkedInOrder() {
        String resident = "RID-" + UUID.randomUUID();
        EntryContent stored = access(resident);
        EntryContent a = access(resident);
        EntryContent b = access(resident);
        EntryContent c = access(resident);
        ChainEntry before = writer.append(stored).orElseThrow();

        List<ChainEntry> added = writer.appendAll(List.of(a, stored, b, a, c, b, stored));

        assertThat(added).extracting(e -> e.content().entryId())
                .containsExactly(a.entryId(), b.entryId(), c.entryId());
        for (EntryContent content : List.of(stored, a, b, c)) {
            assertThat(stored(content.entryId())).isEqualTo(1);
        }
        long first = added.get(0).sequence();
        assertThat(added).extracting(ChainEntry::sequence)
                .containsExactlyElementsOf(LongStream.range(first, first + 3).boxed().toList());
        assertThat(first).isGreaterThan(before.sequence());
        for (int i = 1; i < added.size(); i++) {
            assertThat(added.get(i).prevHash()).isEqualTo(added.get(i - 1).hash());
        }
        for (ChainEntry e : added) {
            assertThat(e.expectedHash()).isEqualTo(e.hash());
        }
        assertThat(writer.head()).isEqualTo(new ChainWriter.Head(added.get(2).sequence(), added.get(2).hash()));
        assertThat(json(httpGet("/v1/audit/verification", operatorToken())).path("ok").asBoolean()).isTrue();
    }

    @Test
    void givenBatchOfOnlyStoredEntries_whenAppended_thenNothingAddedAndHeadUnchanged() {
        EntryContent stored = access("RID-" + UUID.randomUUID());
        writer.append(stored).orElseThrow();
        ChainWriter.Head head = writer.head();

        assertThat(writer.appendAll(List.of(stored, stored))).isEmpty();
        assertThat(writer.appendAll(List.of())).isEmpty();

        assertThat(writer.head()).isEqualTo(head);
    }
}
