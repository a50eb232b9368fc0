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
 * <p>Memory: {@code SLOTS × (fields + 2)} longs per store index up to the highest one used (the
 * rows grow, doubling, as the store's high-water mark does), so a room pays for the entities it
 * has, not for its capacity.
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
    private final long[] version;
    private final long[] quantTick;
    private final long[] checkedSerial;
    /** Estimated bits per component: in full, and against the previous version. */
    int[] fullBits;
    int[] deltaBits;
    private int rows;
    /** The send in progress ({@link #beginSend}). */
    private long current;

    QuantizedHistory(EntityStore store, CompactSchema schema) {
        this.store = store;
        this.schema = schema;
        int cap = store.capacity();
        fields = schema.fieldCount();
        components = schema.componentCount();
        version = new long[cap];
        quantTick = new long[cap];
        checkedSerial = new long[cap];
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
        fullBits = Arrays.copyOf(fullBits == null ? new int[0] : fullBits, n * components);
        deltaBits = Arrays.copyOf(deltaBits == null ? new int[0] : deltaBits, n * components);
    }

    /** Makes sure entity {@code e} has a current version as of send {@code serial}; returns it. */
    long ensure(int e, long serial) {
        if (checkedSerial[e] == serial) {
            return version[e];
        }
        if (e >= rows) {
            grow(Math.min(store.capacity(), Math.max(e + 1, rows * 2)));
        }
        checkedSerial[e] = serial;
        long id = store.networkId(e);
        long v = version[e];
        if (v != 0 && valid(e, v, id) && store.changeTick(e) <= quantTick[e]) {
            return v;
        }
        quantize(e, id, v, serial);
        return serial;
    }

    /** The version {@link #ensure} settled on this send. */
    long version(int e) {
        return version[e];
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
        for (int c = 0; c < components; c++) {
            fullBits[e * components + c] = 0;
            deltaBits[e * components + c] = 0;
            if ((mask & (1L << c)) == 0) {
                continue;
            }
            int first = schema.firstField(c);
            int n = schema.fieldCount(c);
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
                    delta += hasPrevious && s != null && s.equals(was) ? 0 : SnapshotFormat.stringBits(bytes);
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
                } else {
                    delta += SnapshotFormat.valueBits(field, q, 0);
                }
            }
            fullBits[e * components + c] = full;
            deltaBits[e * components + c] = delta;
        }
        tag[slot] = serial;
        tagId[slot] = id;
        version[e] = serial;
        quantTick[e] = store.tick();
    }

    private static final byte[] EMPTY = new byte[0];
}
