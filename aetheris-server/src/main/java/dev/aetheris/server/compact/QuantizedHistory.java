package dev.aetheris.server.compact;

import dev.aetheris.codec.compact.CompactField;
import dev.aetheris.codec.compact.CompactSchema;
import dev.aetheris.codec.compact.CompactType;
import dev.aetheris.codec.compact.SnapshotFormat;
import dev.aetheris.replication.EntityStore;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The quantized values of every entity, shared by all clients. An entity is quantized at most
 * once per send, and only when it changed since it was last quantized; the result is a
 * <em>version</em> named by the send's serial and kept in slot {@code serial % SLOTS} of the
 * entity, so baselines up to {@link #SLOTS} sends old can still be compared against. A client's
 * snapshot records only (entity, version); comparing two versions of the same number is free,
 * which is why an entity at rest costs nothing per client.
 *
 * <p>Memory: {@code SLOTS × (fields + 2) + 4 + components} longs and {@code SLOTS × components}
 * ints per store index up to the highest one used (the rows grow, doubling, as the store's high-water mark does), so a room pays for the
 * entities it has, not for its capacity. What every client's pass reads about an entity (when it
 * was last checked, its current version and the cost of each component in bits) shares one row,
 * so an entity-view touches one cache line for it, not five arrays.
 *
 * <p>Room-loop thread only. Allocation-free once grown, except for string fields whose value
 * changed.
 */
final class QuantizedHistory {
    /** A power of two (slots are picked by masking the version). */
    static final int SLOTS = 32;

    private final EntityStore store;
    private final CompactSchema schema;
    /** Field numbering is the replication schema's (component by component), so handles are shared. */
    private final int fields;
    private final int components;
    private long[] values;
    private byte[][] utf8;
    private String[] text;
    private long[] tag;
    private long[] tagId;
    /**
     * Per version and component: the version (low 32 bits of its serial) in which the component's
     * values last changed, or it was attached or detached. A delta compares only the components
     * that changed after its baseline, instead of every field of the entity.
     */
    private int[] componentVersion;
    /**
     * Per entity: the send it was last checked in, its network id then, its current version, the
     * tick it was quantized at, then per component its estimated bits in full (high half) and
     * against the previous version (low half).
     */
    private long[] meta;
    private final int metaStride;
    private static final int CHECKED = 0;
    private static final int CHECKED_ID = 1;
    private static final int VERSION = 2;
    private static final int QUANT_TICK = 3;
    private static final int COSTS = 4;
    private int rows;
    /** The send in progress ({@link #beginSend}). */
    private long current;

    QuantizedHistory(EntityStore store, CompactSchema schema) {
        this.store = store;
        this.schema = schema;
        int cap = store.capacity();
        fields = schema.fieldCount();
        components = schema.componentCount();
        metaStride = COSTS + components;
        grow(Math.min(cap, 64));
    }

    private void grow(int n) {
        rows = n;
        values = Arrays.copyOf(values == null ? new long[0] : values, n * SLOTS * fields);
        if (schema.hasStrings()) {
            utf8 = Arrays.copyOf(utf8 == null ? new byte[0][] : utf8, n * SLOTS * fields);
            text = Arrays.copyOf(text == null ? new String[0] : text, n * SLOTS * fields);
        }
        tag = Arrays.copyOf(tag == null ? new long[0] : tag, n * SLOTS);
        tagId = Arrays.copyOf(tagId == null ? new long[0] : tagId, n * SLOTS);
        componentVersion = Arrays.copyOf(componentVersion == null ? new int[0] : componentVersion,
                n * SLOTS * components);
        meta = Arrays.copyOf(meta == null ? new long[0] : meta, n * metaStride);
    }

    /** Makes sure entity {@code e} has a current version as of send {@code serial}; returns it. */
    long ensure(int e, long serial) {
        if (e >= rows) {
            grow(Math.min(store.capacity(), Math.max(e + 1, rows * 2)));
        }
        int m = e * metaStride;
        if (meta[m + CHECKED] == serial) {
            return meta[m + VERSION];
        }
        meta[m + CHECKED] = serial;
        long id = store.networkId(e);
        meta[m + CHECKED_ID] = id;
        long v = meta[m + VERSION];
        if (v != 0 && valid(e, v, id) && store.changeTick(e) <= meta[m + QUANT_TICK]) {
            return v;
        }
        quantize(e, id, v, serial);
        return serial;
    }

    /** The network id of the entity at index {@code e} when {@link #ensure} last checked it. */
    long checkedId(int e) {
        return meta[e * metaStride + CHECKED_ID];
    }

    /** The version {@link #ensure} settled on this send. */
    long version(int e) {
        return meta[e * metaStride + VERSION];
    }

    /** Estimated bits of component {@code c} of entity {@code e} in full (after {@link #ensure}). */
    int fullBits(int e, int c) {
        return (int) (meta[e * metaStride + COSTS + c] >>> 32);
    }

    /** Estimated bits of component {@code c} of entity {@code e} against its previous version (after {@link #ensure}). */
    int deltaBits(int e, int c) {
        return (int) meta[e * metaStride + COSTS + c];
    }

    /**
     * Whether a version of an entity that is still live at its index, {@code v}, is still held as
     * of the current send, without touching the entity's rows: a version younger than
     * {@link #SLOTS} sends cannot have been overwritten (a newer one in its slot would be at least
     * {@code SLOTS} sends newer), so only an older one needs {@link #valid}.
     */
    boolean held(int e, long v, long id) {
        return current - v < SLOTS || valid(e, v, id);
    }

    /** Starts send {@code serial}: the one {@link #held} judges ages against. */
    void beginSend(long serial) {
        current = serial;
    }

    /** Whether version {@code v} of the entity with {@code id} at index {@code e} is still held. */
    boolean valid(int e, long v, long id) {
        int s = e * SLOTS + (int) (v & (SLOTS - 1));
        return tag[s] == v && tagId[s] == id;
    }

    /** Where version {@code v} (which must be valid) of entity {@code e} starts, for {@link #value}. */
    int row(int e, long v) {
        return (e * SLOTS + (int) (v & (SLOTS - 1))) * fields;
    }

    /** Quantized value of field {@code f} in the version at {@code row}. */
    long value(int row, int f) {
        return values[row + f];
    }

    /**
     * Whether component {@code c} of entity {@code e} holds the same values in held version
     * {@code vt} as in the older held version {@code vb} (so a delta need not compare its fields).
     */
    boolean unchangedSince(int e, long vt, int c, long vb) {
        if (vb > vt) {
            return false; // not a baseline of this target: compare
        }
        int cv = componentVersion[(e * SLOTS + (int) (vt & (SLOTS - 1))) * components + c];
        return cv - (int) vb <= 0; // serials compared by difference: wraps after 2^31 sends
    }

    /** UTF-8 of string field {@code f} in the version at {@code row} (never null). */
    byte[] utf8(int row, int f) {
        return utf8[row + f];
    }

    private void quantize(int e, long id, long previous, long serial) {
        int slot = e * SLOTS + (int) (serial & (SLOTS - 1));
        boolean hasPrevious = previous != 0 && valid(e, previous, id);
        int prevBase = (e * SLOTS + (int) (previous & (SLOTS - 1))) * fields;
        int base = slot * fields;
        long mask = store.componentMask(e);
        int m = e * metaStride;
        int cv = slot * components;
        int prevCv = (e * SLOTS + (int) (previous & (SLOTS - 1))) * components;
        long quantizedAt = meta[m + QUANT_TICK];
        for (int c = 0; c < components; c++) {
            if ((mask & (1L << c)) == 0) {
                meta[m + COSTS + c] = 0;
                componentVersion[cv + c] = (int) serial; // detached: a change for whoever held it
                continue;
            }
            int first = schema.firstField(c);
            int n = schema.fieldCount(c);
            if (hasPrevious && store.componentChangeTick(e, c) <= quantizedAt) {
                // Not written since the previous version (a moving ship's stats): its values and
                // change mark carry over, and against the previous version it costs its field mask.
                carry(base, prevBase, first, n);
                long fullBits = meta[m + COSTS + c] >>> 32;
                meta[m + COSTS + c] = fullBits << 32 | (n > 1 ? n : 0);
                componentVersion[cv + c] = componentVersion[prevCv + c];
                continue;
            }
            boolean changed = !hasPrevious;
            int full = n > 1 ? n : 0;
            int delta = full;
            for (int f = first; f < first + n; f++) {
                CompactField field = schema.field(f);
                if (field.type() == CompactType.STRING) {
                    String s = store.getString(e, f);
                    String was = hasPrevious ? text[prevBase + f] : null;
                    byte[] bytes = s == null ? EMPTY : s.equals(was) ? utf8[prevBase + f]
                            : s.getBytes(StandardCharsets.UTF_8);
                    text[base + f] = s;
                    utf8[base + f] = bytes;
                    full += SnapshotFormat.stringBits(bytes);
                    boolean same = hasPrevious && s != null && s.equals(was);
                    delta += same ? 0 : SnapshotFormat.stringBits(bytes);
                    changed |= !same;
                    continue;
                }
                long q = switch (field.type()) {
                    case F32 -> field.quantize(store.getFloat(e, f));
                    default -> field.quantize(store.getLong(e, f));
                };
                values[base + f] = q;
                full += SnapshotFormat.valueBits(field, q, 0);
                if (hasPrevious) {
                    long p = values[prevBase + f];
                    delta += p == q ? 0 : SnapshotFormat.valueBits(field, q, p);
                    changed |= p != q;
                } else {
                    delta += SnapshotFormat.valueBits(field, q, 0);
                }
            }
            meta[m + COSTS + c] = (long) full << 32 | (delta & 0xFFFF_FFFFL);
            // A component the previous version lacked inherits its detach mark: changed for any
            // baseline that held it, whatever that version's slot happened to contain.
            componentVersion[cv + c] = changed ? (int) serial : componentVersion[prevCv + c];
        }
        tag[slot] = serial;
        tagId[slot] = id;
        meta[m + VERSION] = serial;
        meta[m + QUANT_TICK] = store.tick();
    }

    private void carry(int base, int prevBase, int first, int n) {
        System.arraycopy(values, prevBase + first, values, base + first, n);
        if (utf8 != null) {
            System.arraycopy(utf8, prevBase + first, utf8, base + first, n);
            System.arraycopy(text, prevBase + first, text, base + first, n);
        }
    }

    private static final byte[] EMPTY = new byte[0];
}
