package org.tsunagu.gateway.consent;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
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
 * <p>Layout (ADR 0043): one immutable row ({@code long[]}) per resident: a header with the
 * resident id's hash code, its writer slot and its length, the resident id's characters packed
 * into longs, then all of that resident's items, {@value #STRIDE} longs per item: first the
 * (app, category, purpose) code of every item, one long each, so a decision scans one or two
 * cache lines to find the matching items; then per item {@value #FIELDS} longs (consent id as
 * two longs when it is a canonical UUID, validFrom/validUntil/updatedAt as epoch nanoseconds,
 * version and status). A resident with a consent
 * id that is not a canonical UUID is held as a {@link Resident} (row plus those ids) instead.
 * Residents are found through an open-addressing table of such entries with the id hash codes
 * beside them, so a hit costs the table slot and the row. A change builds a new entry and
 * publishes it with one volatile store into its table slot (a resize builds a new table and
 * publishes it with one volatile store), so a reader sees either the whole old or the whole new
 * state of a resident, and every read that starts after {@link #apply} returned sees the change.
 * Strings on the read path are only looked up, never interned, so unknown apps or categories cost
 * nothing and grow nothing.
 *
 * <p>A writer-only index (consent id fingerprint → resident slot) keeps "one item per consent
 * id" across residents, as the topic's semantics require, for ~13 bytes per item.
 */
public class ConsentView {

    private static final Logger log = LoggerFactory.getLogger(ConsentView.class);

    /** Longs per item: its kind code in the row's kind block plus its {@link #FIELDS} fields. */
    static final int STRIDE = 7;
    /** Longs per item in the row's field block (and the first ones of a lone item, see {@link #KIND}). */
    static final int FIELDS = 6;
    private static final int ID_HI = 0;
    private static final int ID_LO = 1;
    private static final int FROM = 2;
    private static final int UNTIL = 3;
    private static final int UPDATED = 4;
    private static final int META = 5;
    /** The kind code's index in a lone item ({@code long[STRIDE]}, the writer's form of one item). */
    private static final int KIND = 6;
    private static final ConsentStatus[] STATUSES = ConsentStatus.values();
    private static final int ACTIVE = ConsentStatus.ACTIVE.ordinal();
    private static final Decision REQUIRED = new Decision.Denied(DenialReason.CONSENT_REQUIRED, null);

    private static final long EMPTY = 0L;
    private static final long DELETED = 0xFFFF_FFFF_0000_0000L;

    // a resident's row: [HEAD] = id hash << 32 | writer slot, [LENGTH] = id length | UTF-16 flag,
    // then the id's chars (8 per long when all are Latin-1, else 4), then the items
    private static final int HEAD = 0;
    private static final int LENGTH = 1;
    private static final int ID = 2;
    private static final long UTF16 = 1L << 32;

    /**
     * A resident that holds consent ids which are not canonical UUIDs; every other resident's
     * entry is its row alone. Never changed once published.
     */
    private static final class Resident {
        final long[] items;
        /** Consent ids that are not canonical UUIDs, parallel to the items (null where canonical). */
        final String[] otherIds;

        Resident(long[] items, String[] otherIds) {
            this.items = items;
            this.otherIds = otherIds;
        }
    }

    /**
     * The readers' resident table: open addressing, linear probing. {@code slots[i]} is null
     * (never used), {@link #TOMB} (a removed resident) or an entry; {@code hashes[i]} is the
     * resident id's hash code, written before the entry, compared before the entry is touched.
     * Never resized in place: a bigger or cleaned table is built and published as a whole.
     */
    private static final class Table {
        final int[] hashes;
        final Object[] slots;
        final int shift;

        Table(int capacity) {
            hashes = new int[capacity];
            slots = new Object[capacity];
            shift = 32 - Integer.numberOfTrailingZeros(capacity);
        }

        int home(int hash) {
            return (hash * 0x9E3779B9) >>> shift;
        }
    }

    private static final Object TOMB = new Object();
    private static final VarHandle SLOT = MethodHandles.arrayElementVarHandle(Object[].class);

    // read by every thread
    private volatile Table table = new Table(1024);
    private final Map<String, Integer> appCodes = new ConcurrentHashMap<>();
    private final Map<String, Map<String, Integer>> topicCodes = new ConcurrentHashMap<>();
    private volatile int size;
    private volatile long digest;
    private volatile boolean caughtUp;

    // the writer's own (guarded by this)
    private final List<String> appNames = new ArrayList<>();
    private final List<String[]> topicNames = new ArrayList<>();
    private Object[] bySlot = new Object[1024];
    private int tableLive;
    private int tableUsed;
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
        if (cell >= 0 && version(row(bySlot[foundSlot]), fieldsOf(row(bySlot[foundSlot]), foundPos)) >= version) {
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
        long added = itemHash(residentId, row, 0, row[KIND], other);
        if (cell >= 0) {
            Object held = bySlot[foundSlot];
            long[] heldRow = row(held);
            String heldResident = residentId(heldRow);
            long removed = itemHash(heldResident, heldRow, fieldsOf(heldRow, foundPos), kindOf(heldRow, foundPos),
                    otherId(held, foundPos));
            if (heldResident.equals(residentId)) {
                long[] items = heldRow.clone();
                setItem(items, foundPos, row);
                publish(foundSlot, entry(items, otherIds(held)));
                digest += added - removed;
                return true;
            }
            // the same consent id under another resident: it moves, as it did in the id-keyed view
            removeAt(foundSlot, foundPos);
            removeCell(cell);
            size--;
            digest -= removed;
        }
        Object r = lookup(residentId);
        int slot;
        if (r == null) {
            slot = allocateSlot();
            long[] items = newRow(residentId, slot);
            setItem(items, 0, row);
            Object next = entry(items, other == null ? null : new String[] { other });
            bySlot[slot] = next;
            insertResident(residentId.hashCode(), next);
        } else {
            long[] old = row(r);
            slot = (int) old[HEAD];
            int n = count(old);
            long[] items = appended(old, row);
            String[] otherIds = otherIds(r);
            if (otherIds != null || other != null) {
                otherIds = otherIds == null ? new String[n + 1] : Arrays.copyOf(otherIds, n + 1);
                otherIds[n] = other;
            }
            publish(slot, entry(items, otherIds));
        }
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
        Object held = bySlot[foundSlot];
        long[] heldRow = row(held);
        long removed = itemHash(residentId(heldRow), heldRow, fieldsOf(heldRow, foundPos), kindOf(heldRow, foundPos),
                otherId(held, foundPos));
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
        long kind = kindOf(key);
        Object r = kind == -1 || key.residentId() == null ? null : lookup(key.residentId());
        if (r == null) {
            return REQUIRED;
        }
        long t = nanos(now);
        long[] a = row(r);
        int kinds = base(a);
        int n = (a.length - kinds) / STRIDE;
        int fields = kinds + n;
        int allowing = -1;
        int latest = -1;
        for (int j = 0; j < n; j++) {
            if (a[kinds + j] != kind) {
                continue;
            }
            int b = fields + j * FIELDS;
            if ((int) a[b + META] == ACTIVE && t >= a[b + FROM] && t < a[b + UNTIL]
                    && (allowing < 0 || later(a, b, allowing))) {
                allowing = b;
            }
            if (latest < 0 || later(a, b, latest)) {
                latest = b;
            }
        }
        if (allowing >= 0) {
            return new Decision.Allowed(consentId(a, allowing, otherId(r, (allowing - fields) / FIELDS)));
        }
        if (latest < 0) {
            return REQUIRED;
        }
        DenialReason reason = STATUSES[(int) a[latest + META]] == ConsentStatus.REVOKED
                ? DenialReason.CONSENT_REVOKED : DenialReason.CONSENT_EXPIRED;
        return new Decision.Denied(reason, consentId(a, latest, otherId(r, (latest - fields) / FIELDS)));
    }

    /** The items held for one key, as records (for tests and diagnostics; the read path uses {@link #decide}). */
    public List<ConsentItem> itemsFor(ConsentKey key) {
        long kind = kindOf(key);
        Object r = kind == -1 || key.residentId() == null ? null : lookup(key.residentId());
        if (r == null) {
            return List.of();
        }
        List<ConsentItem> items = new ArrayList<>();
        long[] a = row(r);
        for (int j = 0; j < count(a); j++) {
            int b = fieldsOf(a, j);
            if (kindOf(a, j) == kind) {
                items.add(new ConsentItem(consentId(a, b, otherId(r, j)), version(a, b), key,
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

    /** The entry (row or {@link Resident}) held for this resident id, or null. Lock-free. */
    private Object lookup(String residentId) {
        int h = residentId.hashCode();
        Table t = table;
        Object[] slots = t.slots;
        int[] hashes = t.hashes;
        int mask = slots.length - 1;
        for (int i = t.home(h);; i = (i + 1) & mask) {
            Object e = SLOT.getVolatile(slots, i);
            if (e == null) {
                return null;
            }
            if (hashes[i] == h && e != TOMB && sameId(row(e), residentId)) {
                return e;
            }
        }
    }

    private static long[] row(Object entry) {
        return entry instanceof long[] ? (long[]) entry : ((Resident) entry).items;
    }

    /** Where a row's items start. */
    private static int base(long[] a) {
        long length = a[LENGTH];
        int n = (int) length;
        return ID + ((length & UTF16) == 0 ? (n + 7) >>> 3 : (n + 3) >>> 2);
    }

    /** Whether the row's resident id is {@code id} (the caller compared the hash codes). */
    static boolean sameId(long[] a, String id) {
        long length = a[LENGTH];
        int n = (int) length;
        if (n != id.length()) {
            return false;
        }
        int perLong = (length & UTF16) == 0 ? 8 : 4;
        int bits = 64 / perLong;
        int seen = 0;
        for (int i = 0, w = ID; i < n; w++) {
            long packed = 0;
            int end = Math.min(n, i + perLong);
            for (int sh = 0; i < end; i++, sh += bits) {
                char ch = id.charAt(i);
                seen |= ch;
                packed |= (long) ch << sh;
            }
            if (packed != a[w]) {
                return false;
            }
        }
        // a char above 0xFF would spill into its neighbour's 8 bits of a Latin-1 row
        return perLong == 4 || seen <= 0xFF;
    }

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

    /** Number of items in a row. */
    private static int count(long[] a) {
        return (a.length - base(a)) / STRIDE;
    }

    /** Kind code of item j. */
    private static long kindOf(long[] a, int j) {
        return a[base(a) + j];
    }

    /** Where the fields of item j start. */
    private static int fieldsOf(long[] a, int j) {
        int base = base(a);
        return base + (a.length - base) / STRIDE + j * FIELDS;
    }

    /** The consent id of item j if it is not a canonical UUID, else null. */
    private static String otherId(Object entry, int j) {
        return entry instanceof Resident r ? r.otherIds[j] : null;
    }

    private static String[] otherIds(Object entry) {
        return entry instanceof Resident r ? r.otherIds : null;
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

    private static Object entry(long[] items, String[] otherIds) {
        if (otherIds != null) {
            for (String s : otherIds) {
                if (s != null) {
                    return new Resident(items, otherIds);
                }
            }
        }
        return items;
    }

    /** Sets item j of a row (writer-owned, unpublished) from a lone item. */
    private static void setItem(long[] a, int j, long[] item) {
        a[base(a) + j] = item[KIND];
        System.arraycopy(item, 0, a, fieldsOf(a, j), FIELDS);
    }

    /** A copy of the row with the lone item added as its last. */
    private static long[] appended(long[] old, long[] item) {
        int base = base(old);
        int n = (old.length - base) / STRIDE;
        long[] a = new long[old.length + STRIDE];
        System.arraycopy(old, 0, a, 0, base + n);
        System.arraycopy(old, base + n, a, base + n + 1, n * FIELDS);
        setItem(a, n, item);
        return a;
    }

    /** A copy of the row without item j. */
    private static long[] without(long[] old, int j) {
        int base = base(old);
        int n = (old.length - base) / STRIDE;
        long[] a = new long[old.length - STRIDE];
        System.arraycopy(old, 0, a, 0, base + j);
        System.arraycopy(old, base + j + 1, a, base + j, n - j - 1);
        int from = base + n;
        int to = base + n - 1;
        System.arraycopy(old, from, a, to, j * FIELDS);
        System.arraycopy(old, from + (j + 1) * FIELDS, a, to + j * FIELDS, (n - j - 1) * FIELDS);
        return a;
    }

    /** A row holding only the header and the packed resident id, with room for one item. */
    static long[] newRow(String residentId, int slot) {
        int n = residentId.length();
        boolean latin1 = true;
        for (int i = 0; i < n; i++) {
            latin1 &= residentId.charAt(i) <= 0xFF;
        }
        int perLong = latin1 ? 8 : 4;
        int bits = 64 / perLong;
        int words = (n + perLong - 1) / perLong;
        long[] a = new long[ID + words + STRIDE];
        a[HEAD] = (long) residentId.hashCode() << 32 | (slot & 0xFFFF_FFFFL);
        a[LENGTH] = n | (latin1 ? 0 : UTF16);
        for (int i = 0; i < n; i++) {
            a[ID + i / perLong] |= (long) residentId.charAt(i) << (i % perLong * bits);
        }
        return a;
    }

    /** The resident id a row holds (writer only: the digest hashes the string). */
    private static String residentId(long[] a) {
        long length = a[LENGTH];
        int n = (int) length;
        int perLong = (length & UTF16) == 0 ? 8 : 4;
        int bits = 64 / perLong;
        long charMask = (1L << bits) - 1;
        char[] chars = new char[n];
        for (int i = 0; i < n; i++) {
            chars[i] = (char) (a[ID + i / perLong] >>> (i % perLong * bits) & charMask);
        }
        return new String(chars);
    }

    /** Replaces the entry of the resident in slot, in bySlot and (one volatile store) in the table. */
    private void publish(int slot, Object next) {
        Object old = bySlot[slot];
        bySlot[slot] = next;
        SLOT.setVolatile(table.slots, position(old), next);
    }

    /** The table position of an entry that is in the table. */
    private int position(Object entry) {
        Table t = table;
        int mask = t.slots.length - 1;
        for (int i = t.home((int) (row(entry)[HEAD] >>> 32));; i = (i + 1) & mask) {
            if (t.slots[i] == entry) {
                return i;
            }
        }
    }

    /** Adds a resident that is not in the table (the caller looked it up). */
    private void insertResident(int hash, Object entry) {
        Table t = table;
        if (tableUsed + 1 > t.slots.length / 4 * 3) {
            t = rebuildTable(tableLive + 1 > t.slots.length / 8 * 3 ? t.slots.length * 2 : t.slots.length);
        }
        int mask = t.slots.length - 1;
        int i = t.home(hash);
        while (t.slots[i] != null && t.slots[i] != TOMB) {
            i = (i + 1) & mask;
        }
        if (t.slots[i] == null) {
            tableUsed++;
        }
        tableLive++;
        t.hashes[i] = hash; // before the entry: a reader that sees the entry sees its hash
        SLOT.setVolatile(t.slots, i, entry);
    }

    private void removeResident(Object entry) {
        SLOT.setVolatile(table.slots, position(entry), TOMB);
        tableLive--;
    }

    /** Builds a table of this capacity with every live resident and publishes it (one volatile store). */
    private Table rebuildTable(int capacity) {
        Table old = table;
        Table t = new Table(capacity);
        int mask = capacity - 1;
        for (int j = 0; j < old.slots.length; j++) {
            Object e = old.slots[j];
            if (e != null && e != TOMB) {
                int i = t.home(old.hashes[j]);
                while (t.slots[i] != null) {
                    i = (i + 1) & mask;
                }
                t.hashes[i] = old.hashes[j];
                t.slots[i] = e;
            }
        }
        tableUsed = tableLive;
        table = t;
        return t;
    }

    /** Removes item j of the resident in slot, dropping the resident when it was its last. */
    private void removeAt(int slot, int j) {
        Object held = bySlot[slot];
        long[] old = row(held);
        int n = count(old);
        if (n == 1) {
            removeResident(held);
            bySlot[slot] = null;
            if (freeCount == freeSlots.length) {
                freeSlots = Arrays.copyOf(freeSlots, freeCount * 2);
            }
            freeSlots[freeCount++] = slot;
            return;
        }
        long[] items = without(old, j);
        String[] otherIds = otherIds(held);
        if (otherIds != null) {
            int i = j;
            String[] fewer = new String[n - 1];
            System.arraycopy(otherIds, 0, fewer, 0, i);
            System.arraycopy(otherIds, i + 1, fewer, i, n - i - 1);
            otherIds = fewer;
        }
        publish(slot, entry(items, otherIds));
    }

    private int allocateSlot() {
        int slot;
        if (freeCount > 0) {
            slot = freeSlots[--freeCount];
        } else {
            slot = nextSlot++;
            if (slot == bySlot.length) {
                bySlot = Arrays.copyOf(bySlot, slot + (slot >> 1));
            }
        }
        return slot;
    }

    /** Test hook: the readers' table capacity and the number of residents held. */
    int[] tableShape() {
        return new int[] { table.slots.length, tableLive };
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
                long[] a = row(bySlot[slot]);
                String[] others = otherIds(bySlot[slot]);
                for (int j = 0; j < count(a); j++) {
                    int b = fieldsOf(a, j);
                    String o = others == null ? null : others[j];
                    boolean same = other == null ? o == null && a[b + ID_HI] == hi && a[b + ID_LO] == lo
                            : other.equals(o);
                    if (same) {
                        foundSlot = slot;
                        foundPos = j;
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

    /** The digest's hash of one item: its fields from {@code a[b..]}, its kind code given. */
    private long itemHash(String residentId, long[] a, int b, long kind, String other) {
        int app = (int) (kind >>> 32);
        String[] topic = topicNames.get((int) kind);
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
