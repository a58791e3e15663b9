package org.tsunagu.audit.verify;

/**
 * The outcome of verifying a chain: ok, or the first broken link.
 *
 * @param anchorSequence the checkpoint the remaining chain starts from (0: the chain's beginning)
 * @param brokenAt       sequence number of the first broken link, {@code null} when ok
 */
public record Verification(boolean ok, long checkedEntries, long checkedCheckpoints, long anchorSequence,
                           long headSequence, Long brokenAt, Reason reason, String detail) {

    /** Why a link is broken. */
    public enum Reason { CONTENT_CHANGED, ENTRY_MISSING, ORDER_CHANGED, CHECKPOINT_SIGNATURE_BAD, CHECKPOINT_MISMATCH }

    /** A one-line summary for logs and the command line. */
    public String summary() {
        return ok
                ? "OK: %d entries and %d signed checkpoints verify (anchor %d, head %d)"
                        .formatted(checkedEntries, checkedCheckpoints, anchorSequence, headSequence)
                : "BROKEN at sequence %d: %s — %s".formatted(brokenAt, reason, detail);
    }
}
