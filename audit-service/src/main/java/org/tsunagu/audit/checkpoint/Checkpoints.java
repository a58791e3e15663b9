package org.tsunagu.audit.checkpoint;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.RSASSASigner;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.tsunagu.audit.chain.ChainWriter;
import org.tsunagu.audit.chain.SignedCheckpoint;

/** Signs checkpoints of the chain's head: periodically, and on demand. */
@Component
public class Checkpoints {

    /** The JWS {@code typ} of a checkpoint, so it cannot be mistaken for a token. */
    public static final String TYPE = "audit-checkpoint+jwt";

    private static final Logger log = LoggerFactory.getLogger(Checkpoints.class);

    private final ChainWriter chain;
    private final CheckpointStore store;
    private final SigningKey key;
    private final Clock clock = Clock.systemUTC();

    Checkpoints(ChainWriter chain, CheckpointStore store, SigningKey key) {
        this.chain = chain;
        this.store = store;
        this.key = key;
    }

    /** Signs the current head unless it is already checkpointed (or the chain is empty). */
    public synchronized Optional<SignedCheckpoint> checkpointNow() {
        ChainWriter.Head head = chain.head();
        if (head.sequence() == 0 || store.latest().filter(c -> c.sequence() >= head.sequence()).isPresent()) {
            return Optional.empty();
        }
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        SignedCheckpoint checkpoint = new SignedCheckpoint(head.sequence(), head.hash(), now,
                sign(head.sequence(), head.hash(), now));
        store.insert(checkpoint);
        log.info("Signed audit checkpoint at sequence {}", head.sequence());
        return Optional.of(checkpoint);
    }

    @Scheduled(initialDelayString = "${tsunagu.audit.checkpoint-interval:PT5M}",
            fixedDelayString = "${tsunagu.audit.checkpoint-interval:PT5M}")
    void periodically() {
        checkpointNow();
    }

    private String sign(long sequence, String hash, Instant at) {
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("seq", sequence);
        claims.put("hash", hash);
        claims.put("iat", at.getEpochSecond());
        claims.put("createdAt", at.toString());
        JWSObject jws = new JWSObject(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.privateKey().getKeyID())
                .type(new JOSEObjectType(TYPE)).build(), new Payload(claims));
        try {
            jws.sign(new RSASSASigner(key.privateKey()));
        } catch (JOSEException e) {
            throw new IllegalStateException("Cannot sign an audit checkpoint", e);
        }
        return jws.serialize();
    }
}
