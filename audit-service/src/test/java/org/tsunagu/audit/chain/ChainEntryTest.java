package org.tsunagu.audit.chain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.tsunagu.audit.chain.EntryContent.Kind;

/** The canonical form is the chain's contract with every verifier: it must never drift. */
class ChainEntryTest {

    private static final EntryContent CONTENT = new EntryContent("3f1c2a9e-0000-4000-8000-000000000001", Kind.ACCESS,
            Instant.parse("2026-11-22T01:02:03.123456789Z"), "RID-0001", "aizu-vaccine-notebook", "会津メディカル",
            "vaccination-records", "service-provision", "C-1", "API_READ", "ALLOWED", "granted", "corr-1");

    @Test
    void givenAnEntry_whenSerialised_thenFixedMemberOrderMicrosecondsAndNulls() {
        String canonical = ChainEntry.canonical(1, Instant.parse("2026-11-22T01:02:04Z"),
                new EntryContent(CONTENT.entryId(), Kind.CONSENT, CONTENT.occurredAt(), "RID-0001", "app", null,
                        "resident-basic", null, null, "CONSENT_GRANTED", "ACTIVE", "version 1", null),
                ChainEntry.GENESIS);

        assertThat(canonical).isEqualTo("{\"v\":1,\"seq\":1,\"recordedAt\":\"2026-11-22T01:02:04Z\","
                + "\"entryId\":\"3f1c2a9e-0000-4000-8000-000000000001\",\"kind\":\"CONSENT\","
                + "\"occurredAt\":\"2026-11-22T01:02:03.123456Z\",\"residentId\":\"RID-0001\",\"appId\":\"app\","
                + "\"appOperator\":null,\"category\":\"resident-basic\",\"purpose\":null,\"consentId\":null,"
                + "\"action\":\"CONSENT_GRANTED\",\"outcome\":\"ACTIVE\",\"reason\":\"version 1\","
                + "\"correlationId\":null,\"prevHash\":\"" + ChainEntry.GENESIS + "\"}");
    }

    @Test
    void givenLinkedEntries_whenAnyFieldChanges_thenTheHashChanges() {
        ChainEntry first = ChainEntry.link(1, Instant.parse("2026-11-22T01:02:04Z"), CONTENT, ChainEntry.GENESIS);
        ChainEntry second = ChainEntry.link(2, Instant.parse("2026-11-22T01:02:05Z"), CONTENT, first.hash());

        assertThat(first.hash()).hasSize(64).isEqualTo(first.expectedHash());
        assertThat(second.prevHash()).isEqualTo(first.hash());
        ChainEntry tampered = new ChainEntry(1, first.recordedAt(), new EntryContent(CONTENT.entryId(), Kind.ACCESS,
                CONTENT.occurredAt(), "RID-0002", CONTENT.appId(), CONTENT.appOperator(), CONTENT.category(),
                CONTENT.purpose(), CONTENT.consentId(), CONTENT.action(), CONTENT.outcome(), CONTENT.reason(),
                CONTENT.correlationId()), first.prevHash(), first.hash());
        assertThat(tampered.expectedHash()).isNotEqualTo(first.hash());
    }
}
