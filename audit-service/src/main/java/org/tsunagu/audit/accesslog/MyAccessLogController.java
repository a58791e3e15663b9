package org.tsunagu.audit.accesslog;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;

import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.web.bind.annotation.RestController;
import org.tsunagu.api.audit.MyAccessLogApi;
import org.tsunagu.api.audit.model.AccessLog;
import org.tsunagu.api.audit.model.AccessLogEntry;
import org.tsunagu.audit.chain.ChainEntry;
import org.tsunagu.audit.chain.ChainStore;
import org.tsunagu.audit.chain.EntryContent;
import org.tsunagu.audit.chain.EntryFilter;
import org.tsunagu.audit.records.Csv;
import org.tsunagu.audit.records.ExportFormat;

import tools.jackson.databind.json.JsonMapper;

/**
 * HTTP adapter of {@link MyAccessLogApi}: the caller's own access records, the caller being the
 * portal token's {@code sub}. The resident id never comes from a parameter, so nobody reads
 * another resident's records here.
 */
@RestController
class MyAccessLogController implements MyAccessLogApi {

    private static final int EXPORT_LIMIT = 100_000;
    private static final List<Csv.Column> COLUMNS = List.of(
            new Csv.Column("recordId", e -> e.content().entryId()),
            new Csv.Column("occurredAt", e -> e.content().occurredAt()),
            new Csv.Column("appId", e -> e.content().appId()),
            new Csv.Column("appOperator", e -> e.content().appOperator()),
            new Csv.Column("category", e -> e.content().category()),
            new Csv.Column("purpose", e -> e.content().purpose()),
            new Csv.Column("decision", e -> e.content().outcome()),
            new Csv.Column("reason", e -> e.content().reason()),
            new Csv.Column("consentId", e -> e.content().consentId()),
            new Csv.Column("channel", e -> e.content().action()),
            new Csv.Column("correlationId", e -> e.content().correlationId()));

    private final ChainStore chain;
    private final JsonMapper json;

    MyAccessLogController(ChainStore chain, JsonMapper json) {
        this.chain = chain;
        this.json = json;
    }

    @Override
    public ResponseEntity<AccessLog> readMyAccessLog(Integer limit) {
        return searchMyAccessLog(limit, null, null, null, null);
    }

    @Override
    public ResponseEntity<AccessLog> searchMyAccessLog(Integer limit, String appId, String category,
            OffsetDateTime from, OffsetDateTime to) {
        List<AccessLogEntry> items = chain.search(filter(appId, category, from, to), 0, limit).stream()
                .map(MyAccessLogController::toEntry).toList();
        return ResponseEntity.ok(new AccessLog(items));
    }

    @Override
    public ResponseEntity<String> exportMyAccessLog(String format, String appId, String category,
            OffsetDateTime from, OffsetDateTime to) {
        ExportFormat exportFormat = ExportFormat.of(format);
        List<ChainEntry> entries = chain.search(filter(appId, category, from, to), 0, EXPORT_LIMIT);
        String body = exportFormat == ExportFormat.CSV
                ? Csv.write(COLUMNS, entries)
                : json.writeValueAsString(new AccessLog(entries.stream().map(MyAccessLogController::toEntry).toList()));
        return ResponseEntity.ok().contentType(exportFormat.mediaType())
                .header(HttpHeaders.CONTENT_DISPOSITION, exportFormat.attachment("my-access-log"))
                .body(body);
    }

    private static EntryFilter filter(String appId, String category, OffsetDateTime from, OffsetDateTime to) {
        return new EntryFilter(EntryContent.Kind.ACCESS, currentResident(), appId, category, null,
                EntryFilter.instant(from), EntryFilter.instant(to));
    }

    private static AccessLogEntry toEntry(ChainEntry e) {
        EntryContent c = e.content();
        return new AccessLogEntry(c.entryId(), c.occurredAt().atOffset(ZoneOffset.UTC), c.appId(), c.category(),
                AccessLogEntry.DecisionEnum.fromValue(c.outcome()), c.reason())
                .purpose(c.purpose())
                .consentId(c.consentId())
                .correlationId(c.correlationId())
                .appOperator(c.appOperator())
                .channel(c.action());
    }

    /** The regional resident id of the portal token's subject; security guarantees a resident JWT. */
    private static String currentResident() {
        JwtAuthenticationToken authentication =
                (JwtAuthenticationToken) SecurityContextHolder.getContext().getAuthentication();
        return authentication.getToken().getSubject();
    }
}
