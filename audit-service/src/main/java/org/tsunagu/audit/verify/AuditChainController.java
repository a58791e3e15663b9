package org.tsunagu.audit.verify;

import java.io.StringWriter;
import java.net.URI;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;
import org.tsunagu.api.audit.AuditChainApi;
import org.tsunagu.api.audit.model.Checkpoint;
import org.tsunagu.api.audit.model.JwkSet;
import org.tsunagu.api.audit.model.VerificationReport;
import org.tsunagu.audit.chain.ChainEntry;
import org.tsunagu.audit.chain.ChainStore;
import org.tsunagu.audit.chain.SignedCheckpoint;
import org.tsunagu.audit.checkpoint.CheckpointStore;
import org.tsunagu.audit.checkpoint.Checkpoints;
import org.tsunagu.audit.checkpoint.SigningKey;

/** HTTP adapter of {@link AuditChainApi}: export, verification, checkpoints and the public keys. */
@RestController
class AuditChainController implements AuditChainApi {

    private final ChainStore chain;
    private final CheckpointStore checkpointStore;
    private final Checkpoints checkpoints;
    private final SigningKey key;

    AuditChainController(ChainStore chain, CheckpointStore checkpointStore, Checkpoints checkpoints, SigningKey key) {
        this.chain = chain;
        this.checkpointStore = checkpointStore;
        this.checkpoints = checkpoints;
        this.key = key;
    }

    @Override
    public ResponseEntity<String> exportAuditChain() {
        StringWriter out = new StringWriter();
        chain.forEachInOrder(e -> ChainExport.writeEntry(out, e));
        checkpointStore.all().forEach(c -> ChainExport.writeCheckpoint(out, c));
        return ResponseEntity.ok().contentType(MediaType.parseMediaType("application/x-ndjson"))
                .header("Content-Disposition", "attachment; filename=\"audit-chain.jsonl\"")
                .body(out.toString());
    }

    @Override
    public ResponseEntity<VerificationReport> verifyAuditChain() {
        List<ChainEntry> entries = new ArrayList<>();
        chain.forEachInOrder(entries::add);
        Verification v = new ChainVerifier(key.publicKeys()).verify(entries, checkpointStore.all());
        VerificationReport report = new VerificationReport(v.ok(), v.checkedEntries(), v.checkedCheckpoints())
                .anchorSequence(v.anchorSequence())
                .headSequence(v.headSequence())
                .brokenAt(v.brokenAt())
                .detail(v.detail());
        if (v.reason() != null) {
            report.reason(VerificationReport.ReasonEnum.fromValue(v.reason().name()));
        }
        return ResponseEntity.ok(report);
    }

    @Override
    public ResponseEntity<Checkpoint> createAuditCheckpoint() {
        SignedCheckpoint c = checkpoints.checkpointNow().orElseThrow(() -> new ResponseStatusException(
                HttpStatus.CONFLICT, "The chain's head is already checkpointed, or the chain is empty."));
        return ResponseEntity.created(URI.create("/v1/audit/checkpoints/" + c.sequence()))
                .body(new Checkpoint(c.sequence(), c.hash(), c.createdAt().atOffset(ZoneOffset.UTC), c.jws()));
    }

    @Override
    public ResponseEntity<JwkSet> getAuditKeys() {
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> keys = (List<Map<String, Object>>) key.publicKeys().toJSONObject().get("keys");
        return ResponseEntity.ok(new JwkSet(keys));
    }
}
