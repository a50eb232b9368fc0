package dev.aetheris.server.compact;

import dev.aetheris.codec.compact.BitWriter;
import dev.aetheris.codec.compact.CompactField;
import dev.aetheris.codec.compact.CompactSchema;
import dev.aetheris.codec.compact.CompactType;
import dev.aetheris.codec.compact.SnapshotFormat;
import dev.aetheris.replication.EntityStore;
import java.util.Arrays;

/**
 * Writes one snapshot entry (removal, full, or delta of a target entity against its baseline)
 * into the encoder's {@link BitWriter}, whole or not at all: an entry that does not fit is
 * rewound and reported, so a snapshot never splits an entity. Room-loop thread only;
 * allocation-free.
 */
final class EntryWriter {
    private final EntityStore store;
    private final CompactSchema schema;
    private final QuantizedHistory history;
    private final BitWriter bits;
    private final int components;
    private final long[] fieldMasks;
    private final CompactField[] fieldAt;
    private final boolean[] isString;
    private final DeltaCache cache = new DeltaCache();
    /** The baseline version of a full entry in the cache: none (versions are send serials, from 1). */
    private static final long NO_BASELINE = 0;

    EntryWriter(EntityStore store, CompactSchema schema, QuantizedHistory history, BitWriter bits) {
        this.store = store;
        this.schema = schema;
        this.history = history;
        this.bits = bits;
        this.components = schema.componentCount();
        this.fieldMasks = new long[components];
        int fields = schema.fieldCount();
        this.fieldAt = new CompactField[fields];
        this.isString = new boolean[fields];
        for (int f = 0; f < fields; f++) {
            fieldAt[f] = schema.field(f);
            isString[f] = fieldAt[f].type() == CompactType.STRING;
        }
    }

    /** The delta cache (for its counters). */
    DeltaCache cache() {
        return cache;
    }

    /** A REMOVED entry. @return false if it did not fit */
    boolean removal(long id, long prevId) {
        long mark = bits.mark();
        bits.writeVar(id - prevId);
        bits.write(SnapshotFormat.OP_REMOVED, 2);
        return fits(mark);
    }

    /**
     * A FULL entry for target entry {@code i}. A full entry depends only on the entity's version
     * and the components sent, so it is kept in the {@link DeltaCache} as a delta against no
     * baseline (version 0, which no send has): clients that all need it in full (entering
     * interest, or acks so late their baseline left the history) copy it.
     *
     * @return false if it did not fit
     */
    boolean full(EntryList t, int i, long prevId) {
        int e = t.index[i];
        long v = t.version[i];
        long mask = t.mask[i];
        long id = t.id[i];
        boolean caching = cache.active();
        int hit = caching ? cache.find(e, id, v, NO_BASELINE, mask, 0) : -1;
        if (hit >= 0) {
            return repeat(hit, id - prevId) > 0;
        }
        long mark = bits.mark();
        bits.writeVar(id - prevId);
        long body = bits.position();
        bits.write(SnapshotFormat.OP_FULL, 2);
        bits.writeVar(store.kind(e));
        bits.write(mask, components);
        int row = history.row(e, v);
        for (long m = mask; m != 0; m &= m - 1) {
            int c = Long.numberOfTrailingZeros(m);
            int first = schema.firstField(c);
            int n = schema.fieldCount(c);
            long fm = 0;
            for (int f = first; f < first + n; f++) {
                if (nonZero(row, f)) {
                    fm |= 1L << (f - first);
                }
            }
            if (n > 1) {
                bits.write(fm, n);
            } else {
                fm = 1;
            }
            writeFields(row, fm, first, -1);
        }
        if (!fits(mark)) {
            return false;
        }
        keep(caching, e, id, v, NO_BASELINE, mask, 0, body);
        return true;
    }

    /**
     * A DELTA of target entry {@code ti} against baseline entry {@code bi} (same id), or a FULL one
     * when the baseline's version is no longer held.
     *
     * @return 0 if nothing differs (nothing written), 1 if an entry was written, -1 if it did not fit
     */
    int delta(EntryList t, int ti, EntryList base, int bi, long prevId) {
        long vt = t.version[ti];
        long vb = base.version[bi];
        long mt = t.mask[ti];
        long mb = base.mask[bi];
        if (vt == vb && mt == mb) {
            return 0; // at rest since the baseline: costs nothing
        }
        int e = t.index[ti];
        long id = t.id[ti];
        if (base.index[bi] != e || !history.held(e, vb, id)) {
            return full(t, ti, prevId) ? 1 : -1;
        }
        boolean caching = cache.active();
        int hit = caching ? cache.find(e, id, vt, vb, mt, mb) : -1;
        if (hit >= 0) {
            return repeat(hit, id - prevId);
        }
        int rowT = history.row(e, vt);
        int rowB = history.row(e, vb);
        long comps = 0;
        for (long m = mt; m != 0; m &= m - 1) {
            int c = Long.numberOfTrailingZeros(m);
            boolean had = (mb & (1L << c)) != 0;
            if (had && history.unchangedSince(e, vt, c, vb)) {
                fieldMasks[c] = 0; // same values as in the baseline: not even a field comparison
                continue;
            }
            int first = schema.firstField(c);
            long fm = 0;
            for (int f = first; f < first + schema.fieldCount(c); f++) {
                if (had ? differs(rowT, rowB, f) : nonZero(rowT, f)) {
                    fm |= 1L << (f - first);
                }
            }
            fieldMasks[c] = fm;
            if (fm != 0 || !had) {
                comps |= 1L << c;
            }
        }
        if (comps == 0) {
            if (caching) {
                cache.put(e, id, vt, vb, mt, mb, 0, 0, 0);
            }
            return 0;
        }
        long mark = bits.mark();
        bits.writeVar(id - prevId);
        long body = bits.position();
        bits.write(SnapshotFormat.OP_DELTA, 2);
        bits.write(comps, components);
        for (long m = comps; m != 0; m &= m - 1) {
            int c = Long.numberOfTrailingZeros(m);
            int first = schema.firstField(c);
            int n = schema.fieldCount(c);
            long fm = fieldMasks[c];
            if (n > 1) {
                bits.write(fm, n);
            } else {
                fm = 1;
            }
            boolean had = (mb & (1L << c)) != 0;
            writeFields(rowT, fm, first, had ? rowB : -1);
        }
        if (!fits(mark)) {
            return -1;
        }
        keep(caching, e, id, vt, vb, mt, mb, body);
        return 1;
    }

    /** Keeps the body written since bit {@code body} for the clients after this one, if it is short enough. */
    private void keep(boolean caching, int e, long id, long vt, long vb, long mt, long mb, long body) {
        int len = (int) (bits.position() - body);
        if (caching && len <= DeltaCache.MAX_BITS) {
            cache.put(e, id, vt, vb, mt, mb, len, bits.bitsAt(body, Math.min(len, 64)),
                    len > 64 ? bits.bitsAt(body + 64, len - 64) : 0);
        }
    }

    /** A delta another client's snapshot already needed: its gap, then the kept body. */
    private int repeat(int slot, long gap) {
        int len = cache.length(slot);
        if (len == 0) {
            return 0;
        }
        long mark = bits.mark();
        bits.writeVar(gap);
        bits.write(cache.word(slot, 0), Math.min(len, 64));
        if (len > 64) {
            bits.write(cache.word(slot, 1), len - 64);
        }
        return fits(mark) ? 1 : -1;
    }

    /** Writes the fields in {@code fm} of the version at {@code row}, against the one at {@code rowB} (-1 = zeros). */
    private void writeFields(int row, long fm, int first, int rowB) {
        for (long m = fm; m != 0; m &= m - 1) {
            int f = first + Long.numberOfTrailingZeros(m);
            if (isString[f]) {
                SnapshotFormat.writeString(bits, history.utf8(row, f));
            } else {
                long base = rowB < 0 ? 0 : history.value(rowB, f);
                SnapshotFormat.writeValue(bits, fieldAt[f], history.value(row, f), base);
            }
        }
    }

    private boolean nonZero(int row, int f) {
        return isString[f] ? history.utf8(row, f).length > 0 : history.value(row, f) != 0;
    }

    private boolean differs(int rowA, int rowB, int f) {
        return isString[f] ? !Arrays.equals(history.utf8(rowA, f), history.utf8(rowB, f))
                : history.value(rowA, f) != history.value(rowB, f);
    }

    private boolean fits(long mark) {
        if (bits.overflowed()) {
            bits.rewind(mark);
            return false;
        }
        return true;
    }
}
