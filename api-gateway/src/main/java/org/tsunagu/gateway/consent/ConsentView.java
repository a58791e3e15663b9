package org.tsunagu.gateway.consent;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tsunagu.contracts.events.ConsentEvent;
import org.tsunagu.contracts.events.ConsentState;

/**
 * The gateway's local, in-memory copy of every consent item, fed from
 * {@code tsunagu.consent-events.v1}. Applying is idempotent: a version not newer than the one
 * held for that consent id is ignored. Written by one thread, read by many.
 *
 * <p>Layout (ADR 0043): one immutable {@link Resident} per resident, holding all of that
 * resident's items in one {@code long[]} of {@value #STRIDE} longs per item (consent id as two
 * longs when it is a canonical UUID, validFrom/validUntil/updatedAt as epoch nanoseconds,
 * the (app, category, purpose) as interned codes, version and status). A change builds a new
 * {@code Resident} and publishes it with one {@link ConcurrentHashMap#put}, so a reader sees
 * either the whole old or the whole new state of a resident, and every read that starts after
 * {@link #apply} returned sees the change. Strings on the read path are only looked up, never
 * interned, so unknown apps or categories cost nothing and grow nothing.
 *
 * <p>A writer-only index (consent id fingerprint → resident slot) keeps "one item per consent
 * id" across residents, as the topic's semantics require, for ~13 bytes per item.
 */
public class ConsentView {

    private static final Logger log = LoggerFactory.getLogger(ConsentView.class);

    static final int STRIDE = 7;
    private static final int ID_HI = 0;
    private static final int ID_LO = 1;
    private static final int FROM = 2;
    private static final int UNTIL = 3;
    private static final int UPDATED = 4;
    private static final int KIND = 5;
    private static final int META = 6;
    private static final ConsentStatus[] STATUSES = ConsentStatus.values();
    private static final int ACTIVE = ConsentStatus.ACTIVE.ordinal();
    private static final Decision REQUIRED = new Decision.Denied(DenialReason.CONSENT_REQUIRED, null);

    private static final long EMPTY = 0L;
    private static final long DELETED = 0xFFFF_FFFF_0000_0000L;

    /** One resident's items; never changed once published. */
    private static final class Resident {
        final int slot;
        final long[] items;
        /** Consent ids that are not canonical UUIDs, parallel to the items; null if there are none. */
        final String[] otherIds;

        Resident(int slot, long[] items, String[] otherIds) {
            this.slot = slot;
            this.items = items;
            this.otherIds = otherIds;
        }
    }

    // read by every thread
    private final Map<String, Resident> residents = new ConcurrentHashMap<>();
    private final Map<String, Integer> appCodes = new ConcurrentHashMap<>();
    private final Map<String, Map<String, Integer>> topicCodes = new ConcurrentHashMap<>();
    private volatile int size;
    private volatile long digest;
    private volatile boolean caughtUp;

    // the writer's own (guarded by this)
    private final List<String> appNames = new ArrayList<>();
    private final List<String[]> topicNames = new ArrayList<>();
    private Resident[] bySlot = new Resident[1024];
    private String[] residentIdBySlot = new String[1024];
    private int[] freeSlots = new int[64];
    private int freeCount;
    private int nextSlot;
    private long[] index = new long[1024];
    private int indexLive;
    private int indexUsed;
    private int foundSlot;
    private int foundPos;

    /** Applies one event; returns whether it changed the view. Malformed events are ignored. */
    public synchronized boolean apply(ConsentEvent event) {
        ConsentState c = event == null ? null : event.getConsent();
        if (c == null || c.getConsentId() == null || c.getVersion() == null || c.getStatus() == null
                || c.getResidentId() == null || c.getAppId() == null || c.getCategory() == null
                || c.getPurpose() == null || c.getValidFrom() == null || c.getValidUntil() == null) {
            log.warn("Ignoring malformed consent event {}", event == null ? null : event.getEventId());
            return false;
        }
        String consentId = c.getConsentId();
        boolean uuid = isCanonicalUuid(consentId);
        long hi = uuid ? hex(consentId, 0, 8) << 32 | hex(consentId, 9, 13) << 16 | hex(consentId, 14, 18) : 0;
        long lo = uuid ? hex(consentId, 19, 23) << 48 | hex(consentId, 24, 36) : 0;
        String other = uuid ? null : consentId;
        int version = c.getVersion();
        int fp = fingerprint(hi, lo, other);
        int cell = find(fp, hi, lo, other);
        if (cell >= 0 && version(bySlot[foundSlot].items, foundPos) >= version) {
            return false;
        }
        long[] row = new long[STRIDE];
        row[ID_HI] = hi;
        row[ID_LO] = lo;
        row[FROM] = nanos(c.getValidFrom().toInstant());
        row[UNTIL] = nanos(c.getValidUntil().toInstant());
        row[UPDATED] = nanos(event.getOccurredAt() != null ? event.getOccurredAt().toInstant() : Instant.EPOCH);
        row[KIND] = kind(internApp(c.getAppId()), internTopic(c.getCategory(), c.getPurpose()));
        row[META] = (long) version << 32 | ConsentStatus.valueOf(c.getStatus().getValue()).ordinal();
        String residentId = c.getResidentId();
        long added = itemHash(residentId, row, 0, other);
        if (cell >= 0) {
            Resident held = bySlot[foundSlot];
            String heldResident = residentIdBySlot[foundSlot];
            long removed = itemHash(heldResident, held.items, foundPos, otherId(held, foundPos));
            if (heldResident.equals(residentId)) {
                long[] items = held.items.clone();
                System.arraycopy(row, 0, items, foundPos, STRIDE);
                publish(foundSlot, new Resident(foundSlot, items, held.otherIds));
                digest += added - removed;
                return true;
            }
            // the same consent id under another resident: it moves, as it did in the id-keyed view
            removeAt(foundSlot, foundPos);
            removeCell(cell);
            size--;
            digest -= removed;
        }
        Resident r = residents.get(residentId);
        int slot;
        Resident next;
        if (r == null) {
            slot = allocateSlot(residentId);
            next = new Resident(slot, row, other == null ? null : new String[] { other });
        } else {
            slot = r.slot;
            int n = r.items.length / STRIDE;
            long[] items = Arrays.copyOf(r.items, r.items.length + STRIDE);
            System.arraycopy(row, 0, items, r.items.length, STRIDE);
            String[] otherIds = r.otherIds;
            if (otherIds != null || other != null) {
                otherIds = otherIds == null ? new String[n + 1] : Arrays.copyOf(otherIds, n + 1);
                otherIds[n] = other;
            }
            next = new Resident(slot, items, otherIds);
        }
        publish(slot, next);
        insertCell(fp, slot);
        size++;
        digest += added;
        return true;
    }

    /**
     * Forgets a consent item (a tombstone on the compacted topic): reads fall back to deny.
     * Returns whether an item was held for that id.
     */
    public synchronized boolean forget(String consentId) {
        if (consentId == null) {
            return false;
        }
        boolean uuid = isCanonicalUuid(consentId);
        long hi = uuid ? hex(consentId, 0, 8) << 32 | hex(consentId, 9, 13) << 16 | hex(consentId, 14, 18) : 0;
        long lo = uuid ? hex(consentId, 19, 23) << 48 | hex(consentId, 24, 36) : 0;
        String other = uuid ? null : consentId;
        int cell = find(fingerprint(hi, lo, other), hi, lo, other);
        if (cell < 0) {
            return false;
        }
        Resident held = bySlot[foundSlot];
        long removed = itemHash(residentIdBySlot[foundSlot], held.items, foundPos, otherId(held, foundPos));
        removeAt(foundSlot, foundPos);
        removeCell(cell);
        size--;
        digest -= removed;
        return true;
    }

    /**
     * The consent decision for one key at {@code now}, as {@link ConsentDecider#decide(java.util.Collection, Instant)}
     * defines it over {@link #itemsFor}: deny by default; allowed by the latest (updatedAt, validFrom,
     * version) ACTIVE item with {@code validFrom <= now < validUntil}; otherwise denied with the reason
     * and consent id of the latest matching item. No locks; allocates only the answer.
     */
    public Decision decide(ConsentKey key, Instant now) {
        Resident r = key.residentId() == null ? null : residents.get(key.residentId());
        long kind = r == null ? -1 : kindOf(key);
        if (kind == -1) {
            return REQUIRED;
        }
        long t = nanos(now);
        long[] a = r.items;
        int allowing = -1;
        int latest = -1;
        for (int b = 0; b < a.length; b += STRIDE) {
            if (a[b + KIND] != kind) {
                continue;
            }
            if ((int) a[b + META] == ACTIVE && t >= a[b + FROM] && t < a[b + UNTIL]
                    && (allowing < 0 || later(a, b, allowing))) {
                allowing = b;
            }
            if (latest < 0 || later(a, b, latest)) {
                latest = b;
            }
        }
        if (allowing >= 0) {
            return new Decision.Allowed(consentId(a, allowing, otherId(r, allowing)));
        }
        if (latest < 0) {
            return REQUIRED;
        }
        DenialReason reason = STATUSES[(int) a[latest + META]] == ConsentStatus.REVOKED
                ? DenialReason.CONSENT_REVOKED : DenialReason.CONSENT_EXPIRED;
        return new Decision.Denied(reason, consentId(a, latest, otherId(r, latest)));
    }

    /** The items held for one key, as records (for tests and diagnostics; the read path uses {@link #decide}). */
    public List<ConsentItem> itemsFor(ConsentKey key) {
        Resident r = key.residentId() == null ? null : residents.get(key.residentId());
        long kind = r == null ? -1 : kindOf(key);
        if (kind == -1) {
            return List.of();
        }
        List<ConsentItem> items = new ArrayList<>();
        long[] a = r.items;
        for (int b = 0; b < a.length; b += STRIDE) {
            if (a[b + KIND] == kind) {
                items.add(new ConsentItem(consentId(a, b, otherId(r, b)), version(a, b), key,
                        STATUSES[(int) a[b + META]], instant(a[b + FROM]), instant(a[b + UNTIL]),
                        instant(a[b + UPDATED])));
            }
        }
        return items;
    }

    /** Number of consent items held. */
    public int size() {
        return size;
    }

    /**
     * An order-independent digest of the view's content: the sum (mod 2^64) of a 64-bit hash of
     * every item's (residentId, appId, category, purpose, consentId, version, status, validFrom,
     * validUntil, updatedAt). Instances that applied the same events report the same digest,
     * whatever order they applied them in.
     */
    public long digest() {
        return digest;
    }

    /** {@link #digest()} as 16 lower-case hex digits. */
    public String digestHex() {
        return String.format("%016x", digest);
    }

    /** True once the view has replayed the topic up to the end offsets seen at start. */
    public boolean isCaughtUp() {
        return caughtUp;
    }

    /** Called by the loader once replay reached the end offsets taken at start. */
    public void markCaughtUp() {
        caughtUp = true;
    }

    // --- read-path helpers ----------------------------------------------------------------

    /** The packed (app, category, purpose) code, or -1 if any of them was never seen. */
    private long kindOf(ConsentKey key) {
        if (key.appId() == null || key.category() == null || key.purpose() == null) {
            return -1;
        }
        Integer app = appCodes.get(key.appId());
        Map<String, Integer> purposes = topicCodes.get(key.category());
        Integer topic = app == null || purposes == null ? null : purposes.get(key.purpose());
        return topic == null ? -1 : kind(app, topic);
    }

    private static long kind(int app, int topic) {
        return (long) app << 32 | (topic & 0xFFFF_FFFFL);
    }

    /** Whether item b is later than item c by (updatedAt, validFrom, version), as ConsentDecider orders. */
    private static boolean later(long[] a, int b, int c) {
        if (a[b + UPDATED] != a[c + UPDATED]) {
            return a[b + UPDATED] > a[c + UPDATED];
        }
        if (a[b + FROM] != a[c + FROM]) {
            return a[b + FROM] > a[c + FROM];
        }
        return version(a, b) > version(a, c);
    }

    private static int version(long[] a, int b) {
        return (int) (a[b + META] >>> 32);
    }

    private static String otherId(Resident r, int b) {
        return r.otherIds == null ? null : r.otherIds[b / STRIDE];
    }

    private static String consentId(long[] a, int b, String other) {
        return other != null ? other : new UUID(a[b + ID_HI], a[b + ID_LO]).toString();
    }

    /**
     * Epoch nanoseconds, saturated to the long range (years 1677–2262). Exact for every instant
     * in that range; outside it a validity bound still compares correctly against any {@code now}
     * inside it.
     */
    static long nanos(Instant t) {
        long s = t.getEpochSecond();
        if (s >= Long.MAX_VALUE / 1_000_000_000L) {
            return Long.MAX_VALUE;
        }
        if (s <= Long.MIN_VALUE / 1_000_000_000L) {
            return Long.MIN_VALUE;
        }
        return s * 1_000_000_000L + t.getNano();
    }

    private static Instant instant(long nanos) {
        return Instant.ofEpochSecond(Math.floorDiv(nanos, 1_000_000_000L), Math.floorMod(nanos, 1_000_000_000L));
    }

    // --- writer helpers -------------------------------------------------------------------

    private int internApp(String app) {
        Integer code = appCodes.get(app);
        if (code == null) {
            code = appNames.size();
            appNames.add(app);
            appCodes.put(app, code);
        }
        return code;
    }

    private int internTopic(String category, String purpose) {
        Map<String, Integer> purposes = topicCodes.computeIfAbsent(category, k -> new ConcurrentHashMap<>());
        Integer code = purposes.get(purpose);
        if (code == null) {
            code = topicNames.size();
            topicNames.add(new String[] { category, purpose });
            purposes.put(purpose, code);
        }
        return code;
    }

    private void publish(int slot, Resident r) {
        bySlot[slot] = r;
        residents.put(residentIdBySlot[slot], r);
    }

    /** Removes the item at position b of the resident in slot, dropping the resident when it was its last. */
    private void removeAt(int slot, int b) {
        Resident held = bySlot[slot];
        long[] old = held.items;
        if (old.length == STRIDE) {
            residents.remove(residentIdBySlot[slot]);
            bySlot[slot] = null;
            residentIdBySlot[slot] = null;
            if (freeCount == freeSlots.length) {
                freeSlots = Arrays.copyOf(freeSlots, freeCount * 2);
            }
            freeSlots[freeCount++] = slot;
            return;
        }
        long[] items = new long[old.length - STRIDE];
        System.arraycopy(old, 0, items, 0, b);
        System.arraycopy(old, b + STRIDE, items, b, old.length - b - STRIDE);
        String[] otherIds = null;
        if (held.otherIds != null) {
            int n = old.length / STRIDE;
            int i = b / STRIDE;
            otherIds = new String[n - 1];
            System.arraycopy(held.otherIds, 0, otherIds, 0, i);
            System.arraycopy(held.otherIds, i + 1, otherIds, i, n - i - 1);
            boolean any = false;
            for (String s : otherIds) {
                any |= s != null;
            }
            otherIds = any ? otherIds : null;
        }
        publish(slot, new Resident(slot, items, otherIds));
    }

    private int allocateSlot(String residentId) {
        int slot;
        if (freeCount > 0) {
            slot = freeSlots[--freeCount];
        } else {
            slot = nextSlot++;
            if (slot == bySlot.length) {
                int grown = slot + (slot >> 1);
                bySlot = Arrays.copyOf(bySlot, grown);
                residentIdBySlot = Arrays.copyOf(residentIdBySlot, grown);
            }
        }
        residentIdBySlot[slot] = residentId;
        return slot;
    }

    // --- the writer's consent-id index: open addressing, cells (fingerprint << 32 | slot + 1) ---

    /** The index cell holding this consent id, or -1; sets foundSlot and foundPos when found. */
    private int find(int fp, long hi, long lo, String other) {
        int mask = index.length - 1;
        for (int i = fp & mask;; i = (i + 1) & mask) {
            long cell = index[i];
            if (cell == EMPTY) {
                return -1;
            }
            if (cell != DELETED && (int) (cell >>> 32) == fp) {
                int slot = (int) cell - 1;
                long[] a = bySlot[slot].items;
                String[] others = bySlot[slot].otherIds;
                for (int b = 0; b < a.length; b += STRIDE) {
                    String o = others == null ? null : others[b / STRIDE];
                    boolean same = other == null ? o == null && a[b + ID_HI] == hi && a[b + ID_LO] == lo
                            : other.equals(o);
                    if (same) {
                        foundSlot = slot;
                        foundPos = b;
                        return i;
                    }
                }
            }
        }
    }

    private void insertCell(int fp, int slot) {
        int mask = index.length - 1;
        int i = fp & mask;
        while (index[i] != EMPTY && index[i] != DELETED) {
            i = (i + 1) & mask;
        }
        if (index[i] == EMPTY) {
            indexUsed++;
        }
        index[i] = (long) fp << 32 | (slot + 1L);
        indexLive++;
        if (indexUsed > index.length / 4 * 3) {
            rehash(indexLive > index.length / 8 * 3 ? index.length * 2 : index.length);
        }
    }

    private void removeCell(int i) {
        index[i] = DELETED;
        indexLive--;
    }

    private void rehash(int capacity) {
        long[] old = index;
        index = new long[capacity];
        int mask = capacity - 1;
        for (long cell : old) {
            if (cell != EMPTY && cell != DELETED) {
                int i = (int) (cell >>> 32) & mask;
                while (index[i] != EMPTY) {
                    i = (i + 1) & mask;
                }
                index[i] = cell;
            }
        }
        indexUsed = indexLive;
    }

    private static int fingerprint(long hi, long lo, String other) {
        return (int) mix(other != null ? other.hashCode() * 0x9E3779B97F4A7C15L + 1 : hi * 31 + lo);
    }

    // --- consent ids ----------------------------------------------------------------------

    /** Canonical lower-case 8-4-4-4-12 form, the one {@link UUID#toString()} gives back exactly. */
    static boolean isCanonicalUuid(String s) {
        if (s.length() != 36) {
            return false;
        }
        for (int i = 0; i < 36; i++) {
            char ch = s.charAt(i);
            boolean dash = i == 8 || i == 13 || i == 18 || i == 23;
            if (dash ? ch != '-' : !(ch >= '0' && ch <= '9' || ch >= 'a' && ch <= 'f')) {
                return false;
            }
        }
        return true;
    }

    private static long hex(String s, int from, int to) {
        long v = 0;
        for (int i = from; i < to; i++) {
            v = v << 4 | Character.digit(s.charAt(i), 16);
        }
        return v;
    }

    // --- digest ---------------------------------------------------------------------------

    private long itemHash(String residentId, long[] a, int b, String other) {
        int app = (int) (a[b + KIND] >>> 32);
        String[] topic = topicNames.get((int) a[b + KIND]);
        long h = 0x243F6A8885A308D3L;
        h = hash(h, residentId);
        h = hash(h, appNames.get(app));
        h = hash(h, topic[0]);
        h = hash(h, topic[1]);
        h = other != null ? hash(h, other) : hash(hash(h, a[b + ID_HI]), a[b + ID_LO]);
        for (int f = FROM; f <= UPDATED; f++) {
            h = hash(h, a[b + f]);
        }
        h = hash(h, a[b + META]);
        return mix(h);
    }

    private static long hash(long h, String s) {
        h = hash(h, s.length());
        for (int i = 0; i < s.length(); i++) {
            h = (h ^ s.charAt(i)) * 0x100000001B3L;
        }
        return h;
    }

    private static long hash(long h, long v) {
        return mix(h ^ v) * 0x9E3779B97F4A7C15L;
    }

    /** SplitMix64's finaliser. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
