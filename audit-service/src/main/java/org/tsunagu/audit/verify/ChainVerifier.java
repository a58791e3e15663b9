package org.tsunagu.audit.verify;

import java.text.ParseException;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import org.tsunagu.audit.chain.ChainEntry;
import org.tsunagu.audit.chain.SignedCheckpoint;
import org.tsunagu.audit.verify.Verification.Reason;

/**
 * Verifies a chain (entries in sequence order) and its signed checkpoints against a public key set,
 * and names the first broken link. Pure Java: the service's verification API and the
 * command-line verifier run the same code.
 */
public final class ChainVerifier {

    private final JWKSet keys;

    public ChainVerifier(JWKSet keys) {
        this.keys = keys;
    }

    public Verification verify(List<ChainEntry> entries, List<SignedCheckpoint> checkpoints) {
        TreeMap<Long, SignedCheckpoint> bySequence = new TreeMap<>();
        checkpoints.forEach(c -> bySequence.put(c.sequence(), c));
        Break first = null;
        for (SignedCheckpoint c : bySequence.values()) {
            String problem = signatureProblem(c);
            if (problem != null) {
                first = new Break(c.sequence(), Reason.CHECKPOINT_SIGNATURE_BAD, problem);
                break;
            }
        }
        long anchor = anchorOf(entries, bySequence);
        Break inChain = walk(entries, bySequence, anchor);
        if (inChain != null && (first == null || inChain.sequence() < first.sequence())) {
            first = inChain;
        }
        long head = entries.isEmpty() ? anchor : entries.get(entries.size() - 1).sequence();
        if (first == null) {
            return new Verification(true, entries.size(), checkpoints.size(), anchor, head, null, null, null);
        }
        return new Verification(false, entries.size(), checkpoints.size(), anchor, head, first.sequence(),
                first.reason(), first.detail());
    }

    /** Where the remaining chain starts: 0, or the checkpoint just before its first entry (after pruning). */
    private static long anchorOf(List<ChainEntry> entries, TreeMap<Long, SignedCheckpoint> checkpoints) {
        if (entries.isEmpty()) {
            return checkpoints.isEmpty() ? 0 : checkpoints.lastKey();
        }
        return entries.get(0).sequence() - 1;
    }

    private static Break walk(List<ChainEntry> entries, TreeMap<Long, SignedCheckpoint> checkpoints, long anchor) {
        String prev;
        if (anchor == 0) {
            prev = ChainEntry.GENESIS;
        } else if (checkpoints.containsKey(anchor)) {
            prev = checkpoints.get(anchor).hash();
        } else {
            Long below = checkpoints.lowerKey(anchor + 1);
            long missing = below == null ? 1 : below + 1;
            return new Break(missing, Reason.ENTRY_MISSING, "entries before sequence " + (anchor + 1)
                    + " are gone and no signed checkpoint anchors the rest");
        }
        Set<String> hashes = new HashSet<>();
        entries.forEach(e -> hashes.add(e.hash()));
        long expected = anchor + 1;
        for (ChainEntry e : entries) {
            if (e.sequence() != expected) {
                return new Break(expected, Reason.ENTRY_MISSING,
                        "entry " + expected + " is missing (next present: " + e.sequence() + ")");
            }
            if (!e.prevHash().equals(prev)) {
                if (hashes.contains(e.prevHash())) {
                    return new Break(e.sequence(), Reason.ORDER_CHANGED,
                            "entry " + e.sequence() + " links to an entry that now sits elsewhere in the chain");
                }
                long changed = e.sequence() - 1 > anchor ? e.sequence() - 1 : e.sequence();
                return new Break(changed, Reason.CONTENT_CHANGED,
                        "entry " + changed + " no longer matches the hash its successor recorded");
            }
            if (!e.expectedHash().equals(e.hash())) {
                return new Break(e.sequence(), Reason.CONTENT_CHANGED,
                        "entry " + e.sequence() + " does not match its hash");
            }
            SignedCheckpoint c = checkpoints.get(e.sequence());
            if (c != null && !c.hash().equals(e.hash())) {
                return new Break(e.sequence(), Reason.CHECKPOINT_MISMATCH,
                        "the signed checkpoint at " + e.sequence() + " records another hash");
            }
            prev = e.hash();
            expected++;
        }
        if (!checkpoints.isEmpty() && checkpoints.lastKey() >= expected) {
            return new Break(expected, Reason.ENTRY_MISSING, "a signed checkpoint covers sequence "
                    + checkpoints.lastKey() + " but the chain ends at " + (expected - 1));
        }
        return null;
    }

    /** Why the checkpoint's signature or signed statement does not hold, or null if it does. */
    private String signatureProblem(SignedCheckpoint c) {
        try {
            JWSObject jws = JWSObject.parse(c.jws());
            if (!JWSAlgorithm.RS256.equals(jws.getHeader().getAlgorithm())) {
                return "checkpoint " + c.sequence() + " is not signed with RS256";
            }
            JWK jwk = keys.getKeyByKeyId(jws.getHeader().getKeyID());
            if (!(jwk instanceof RSAKey rsa) || !jws.verify(new RSASSAVerifier(rsa.toRSAPublicKey()))) {
                return "checkpoint " + c.sequence() + " is not signed by a published audit key";
            }
            Map<String, Object> claims = jws.getPayload().toJSONObject();
            Object seq = claims == null ? null : claims.get("seq");
            if (!(seq instanceof Number n) || n.longValue() != c.sequence() || !c.hash().equals(claims.get("hash"))) {
                return "checkpoint " + c.sequence() + " differs from what was signed";
            }
            return null;
        } catch (ParseException | JOSEException | RuntimeException e) {
            return "checkpoint " + c.sequence() + " is not a valid signature";
        }
    }

    private record Break(long sequence, Reason reason, String detail) {
    }
}
