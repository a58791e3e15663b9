package org.tsunagu.audit.retention;

import java.time.Instant;
import java.time.Period;
import java.time.ZoneOffset;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.tsunagu.audit.chain.ChainStore;
import org.tsunagu.audit.chain.SignedCheckpoint;
import org.tsunagu.audit.checkpoint.CheckpointStore;

/**
 * Deletes entries older than the retention period ({@code tsunagu.audit.retention}, default
 * {@code P3Y}), but only up to a signed checkpoint signed before the cut-off: the remaining chain
 * then starts from that checkpoint's hash and stays verifiable.
 */
@Component
public class RetentionPruner {

    private static final Logger log = LoggerFactory.getLogger(RetentionPruner.class);

    private final ChainStore chain;
    private final CheckpointStore checkpoints;
    private final Period retention;

    RetentionPruner(ChainStore chain, CheckpointStore checkpoints,
                    @Value("${tsunagu.audit.retention:P3Y}") Period retention) {
        this.chain = chain;
        this.checkpoints = checkpoints;
        this.retention = retention;
    }

    /** Prunes as of {@code now}; the checkpoint the chain is now anchored at, if anything was pruned. */
    public Optional<SignedCheckpoint> prune(Instant now) {
        Instant cutOff = now.atOffset(ZoneOffset.UTC).minus(retention).toInstant();
        Optional<SignedCheckpoint> anchor = checkpoints.latestBefore(cutOff);
        anchor.ifPresent(c -> {
            int deleted = chain.deleteUpTo(c.sequence());
            if (deleted > 0) {
                log.info("Pruned {} audit entries older than {} up to signed checkpoint {}", deleted, retention,
                        c.sequence());
            }
        });
        return anchor;
    }

    @Scheduled(initialDelayString = "PT1M", fixedDelayString = "${tsunagu.audit.prune-interval:PT6H}")
    void daily() {
        prune(Instant.now());
    }
}
