package dev.aetheris.codec.compact;

import java.util.Arrays;

/**
 * A decoded snapshot: the entities a client holds, in ascending network id order, each with its
 * kind, component mask and quantized field values ({@link CompactSchema} field numbering).
 *
 * <p><b>Threading.</b> Not thread-safe; owned by its {@link SnapshotDecoder}, valid until the next
 * decode. <b>Allocation.</b> Grows (amortised) with the largest entity count seen.
 */
public final class SnapshotState {
    private final CompactSchema schema;
    private final int fields;
    long seq = -1;
    long tick;
    int count;
    long[] id = new long[16];
    int[] kind = new int[16];
    long[] mask = new long[16];
    long[] values;
    String[] strings;

    SnapshotState(CompactSchema schema) {
        this.schema = schema;
        this.fields = schema.fieldCount();
        values = new long[16 * fields];
        strings = schema.hasStrings() ? new String[16 * fields] : null;
    }

    /** The snapshot's sequence, or -1 for the empty state. */
    public long sequence() {
        return seq;
    }

    /** The server tick the snapshot was taken at. */
    public long tick() {
        return tick;
    }

    /** Number of entities. */
    public int size() {
        return count;
    }

    /** Network id of entity {@code i} (ascending in {@code i}). */
    public long id(int i) {
        return id[i];
    }

    /** Kind of entity {@code i}. */
    public int kind(int i) {
        return kind[i];
    }

    /** Component mask of entity {@code i}. */
    public long mask(int i) {
        return mask[i];
    }

    /** Quantized value of global field {@code f} of entity {@code i}. */
    public long quantized(int i, int f) {
        return values[i * fields + f];
    }

    /** Field {@code f} of entity {@code i} as a float ({@code F32} fields). */
    public float floatValue(int i, int f) {
        return schema.field(f).dequantizeFloat(values[i * fields + f]);
    }

    /** Field {@code f} of entity {@code i} as an integer (other numeric fields). */
    public long longValue(int i, int f) {
        return schema.field(f).dequantizeLong(values[i * fields + f]);
    }

    /** Field {@code f} of entity {@code i} ({@code STRING} fields; "" when never set). */
    public String stringValue(int i, int f) {
        String s = strings == null ? null : strings[i * fields + f];
        return s == null ? "" : s;
    }

    /** Index of {@code networkId}, or -1. */
    public int indexOf(long networkId) {
        int lo = 0;
        int hi = count - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            long v = id[mid];
            if (v < networkId) {
                lo = mid + 1;
            } else if (v > networkId) {
                hi = mid - 1;
            } else {
                return mid;
            }
        }
        return -1;
    }

    /** Appends entity {@code from[i]} unchanged. */
    void copyFrom(SnapshotState from, int i) {
        int n = append(from.id[i], from.kind[i], from.mask[i]);
        System.arraycopy(from.values, i * fields, values, n * fields, fields);
        if (strings != null) {
            System.arraycopy(from.strings, i * fields, strings, n * fields, fields);
        }
    }

    /** Appends an entity with zero values; returns its index. */
    int append(long networkId, int entityKind, long components) {
        if (count == id.length) {
            int n = count * 2;
            id = Arrays.copyOf(id, n);
            kind = Arrays.copyOf(kind, n);
            mask = Arrays.copyOf(mask, n);
            values = Arrays.copyOf(values, n * fields);
            if (strings != null) {
                strings = Arrays.copyOf(strings, n * fields);
            }
        }
        int i = count++;
        id[i] = networkId;
        kind[i] = entityKind;
        mask[i] = components;
        Arrays.fill(values, i * fields, (i + 1) * fields, 0L);
        if (strings != null) {
            Arrays.fill(strings, i * fields, (i + 1) * fields, null);
        }
        return i;
    }

    void clear(long sequence, long snapshotTick) {
        seq = sequence;
        tick = snapshotTick;
        count = 0;
    }
}
