package org.tsunagu.audit.chain;

import java.time.Instant;

/** A statement "the chain's entry {@code sequence} has hash {@code hash}", signed as a compact JWS. */
public record SignedCheckpoint(long sequence, String hash, Instant createdAt, String jws) {
}
