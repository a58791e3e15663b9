package org.tsunagu.audit.records;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;

import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RestController;
import org.tsunagu.api.audit.AuditRecordsApi;
import org.tsunagu.api.audit.model.AuditRecord;
import org.tsunagu.api.audit.model.AuditRecordPage;
import org.tsunagu.audit.chain.ChainEntry;
import org.tsunagu.audit.chain.ChainStore;
import org.tsunagu.audit.chain.EntryContent;
import org.tsunagu.audit.chain.EntryFilter;

import tools.jackson.databind.json.JsonMapper;

/** HTTP adapter of {@link AuditRecordsApi}: operators search and export the whole log (operator role: security). */
@RestController
class AuditRecordsController implements AuditRecordsApi {

    /** Exports are bounded; narrow the filter for more. */
    static final int EXPORT_LIMIT = 100_000;

    private static final List<Csv.Column> COLUMNS = List.of(
            new Csv.Column("sequence", ChainEntry::sequence),
            new Csv.Column("entryId", e -> e.content().entryId()),
            new Csv.Column("kind", e -> e.content().kind()),
            new Csv.Column("occurredAt", e -> e.content().occurredAt()),
            new Csv.Column("recordedAt", ChainEntry::recordedAt),
            new Csv.Column("residentId", e -> e.content().residentId()),
            new Csv.Column("appId", e -> e.content().appId()),
            new Csv.Column("appOperator", e -> e.content().appOperator()),
            new Csv.Column("category", e -> e.content().category()),
            new Csv.Column("purpose", e -> e.content().purpose()),
            new Csv.Column("consentId", e -> e.content().consentId()),
            new Csv.Column("action", e -> e.content().action()),
            new Csv.Column("outcome", e -> e.content().outcome()),
            new Csv.Column("reason", e -> e.content().reason()),
            new Csv.Column("correlationId", e -> e.content().correlationId()),
            new Csv.Column("hash", ChainEntry::hash));

    private final ChainStore chain;
    private final JsonMapper json;

    AuditRecordsController(ChainStore chain, JsonMapper json) {
        this.chain = chain;
        this.json = json;
    }

    @Override
    public ResponseEntity<AuditRecordPage> searchAuditRecords(String appId, String category, OffsetDateTime from,
            OffsetDateTime to, String decision, String residentId, Integer page, Integer size) {
        EntryFilter filter = filter(appId, category, from, to, decision, residentId);
        long offset = (long) page * size;
        if (offset > Integer.MAX_VALUE) {
            throw new BadParameterException("page is too large.");
        }
        List<AuditRecord> items = chain.search(filter, (int) offset, size).stream()
                .map(AuditRecordsController::toRecord).toList();
        return ResponseEntity.ok(new AuditRecordPage(items, page, size, chain.count(filter)));
    }

    @Override
    public ResponseEntity<String> exportAuditRecords(String format, String appId, String category,
            OffsetDateTime from, OffsetDateTime to, String decision, String residentId) {
        ExportFormat exportFormat = ExportFormat.of(format);
        List<ChainEntry> entries = chain.search(filter(appId, category, from, to, decision, residentId), 0,
                EXPORT_LIMIT);
        String body = exportFormat == ExportFormat.CSV
                ? Csv.write(COLUMNS, entries)
                : json.writeValueAsString(entries.stream().map(AuditRecordsController::toRecord).toList());
        return ResponseEntity.ok().contentType(exportFormat.mediaType())
                .header(HttpHeaders.CONTENT_DISPOSITION, exportFormat.attachment("audit-records"))
                .body(body);
    }

    private static EntryFilter filter(String appId, String category, OffsetDateTime from, OffsetDateTime to,
                                      String decision, String residentId) {
        if (decision != null && !decision.equals("ALLOWED") && !decision.equals("DENIED")) {
            throw new BadParameterException("decision must be ALLOWED or DENIED.");
        }
        return new EntryFilter(null, residentId, appId, category, decision, EntryFilter.instant(from),
                EntryFilter.instant(to));
    }

    static AuditRecord toRecord(ChainEntry e) {
        EntryContent c = e.content();
        return new AuditRecord(e.sequence(), c.entryId(), AuditRecord.KindEnum.fromValue(c.kind().name()),
                c.occurredAt().atOffset(ZoneOffset.UTC), e.recordedAt().atOffset(ZoneOffset.UTC), c.residentId(),
                c.appId(), c.category(), c.action(), c.outcome(), c.reason(), e.hash())
                .appOperator(c.appOperator())
                .purpose(c.purpose())
                .consentId(c.consentId())
                .correlationId(c.correlationId());
    }
}
