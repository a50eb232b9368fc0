package dev.aetheris.codec.compact;

import dev.aetheris.protocol.error.CodecError;
import dev.aetheris.protocol.error.CodecException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * A client's side of codec v2: keeps the last {@link #RING} decoded snapshots (any of them may be
 * the baseline of the next), decodes each SNAPSHOT strictly against its baseline, and tells a
 * {@link Listener} how the newest state differs from the previous newest one. Snapshots older
 * than the newest decoded are ignored (the server deltas against the newest the client acks).
 * Ack {@link #newestSequence()} in every input.
 *
 * <p><b>Threading.</b> Not thread-safe: one decoder per connection, used by one thread at a time.
 * <b>Allocation.</b> Decoding grows its states to the largest entity count seen; strings allocate.
 */
public final class SnapshotDecoder {
    /** Snapshots kept as possible baselines. */
    public static final int RING = 32;

    /** What changed between the previous newest state and the new one. */
    public interface Listener {
        /** A new snapshot is the newest; its changes follow. */
        void snapshot(long seq, long tick);

        /** Entity {@code networkId} was not in the previous state (or was replaced by a full entry). */
        void entered(long networkId, int kind);

        /** Component {@code component} of entity {@code i} of {@code state} is new or has new values. */
        void changed(SnapshotState state, int i, int component);

        /** Entity {@code networkId} is no longer held. */
        void removed(long networkId);
    }

    private final CompactSchema schema;
    private final SnapshotState[] ring = new SnapshotState[RING];
    private final SnapshotState empty;
    private SnapshotState scratch;
    private SnapshotState newest;
    private final BitReader reader = new BitReader();
    private long rejected;

    /** A decoder for snapshots of {@code schema} (from the SCHEMA message). */
    public SnapshotDecoder(CompactSchema schema) {
        this.schema = schema;
        for (int i = 0; i < RING; i++) {
            ring[i] = new SnapshotState(schema);
        }
        empty = new SnapshotState(schema);
        scratch = new SnapshotState(schema);
        newest = empty;
    }

    /** The schema. */
    public CompactSchema schema() {
        return schema;
    }

    /** The sequence to acknowledge: the newest decoded snapshot, 0 if none. */
    public long newestSequence() {
        return Math.max(0, newest.seq);
    }

    /** The newest decoded state. */
    public SnapshotState current() {
        return newest;
    }

    /** Snapshots ignored because their baseline was no longer held. */
    public long missingBaselines() {
        return rejected;
    }

    /**
     * Decodes one SNAPSHOT message.
     *
     * @return true if it became the newest state (the listener was told), false if it was older
     *         than the newest or its baseline is no longer held (counted, not an error)
     * @throws CodecException if the bytes are not a valid snapshot
     */
    public boolean decode(byte[] in, int offset, int length, Listener listener) throws CodecException {
        long seq = SnapshotFormat.sequence(in, offset, length);
        int p = offset + 6;
        int end = offset + length;
        long tick = 0;
        for (int shift = 0; ; shift += 7) {
            if (p >= end || shift > 63) {
                throw malformed(p - offset, "truncated or over-long tick");
            }
            int b = in[p++] & 0xff;
            tick |= (long) (b & 0x7f) << shift;
            if ((b & 0x80) == 0) {
                if (b == 0 && shift > 0) {
                    throw malformed(p - 1 - offset, "tick not in its shortest form");
                }
                break;
            }
        }
        if (end - p < 3) {
            throw malformed(p - offset, "truncated header");
        }
        int distance = in[p] & 0xff;
        int count = (in[p + 1] & 0xff) | (in[p + 2] & 0xff) << 8;
        if (distance > SnapshotFormat.MAX_BASE_DISTANCE || (distance > 0 && seq <= distance)) {
            throw malformed(p - offset, "baseline distance " + distance + " for snapshot " + seq);
        }
        if (seq == 0) {
            throw malformed(2, "snapshot sequence 0");
        }
        p += 3;
        if (seq <= newest.seq) {
            return false;
        }
        SnapshotState base = empty;
        if (distance > 0) {
            base = ring[(int) ((seq - distance) % RING)];
            if (base.seq != seq - distance) {
                rejected++;
                return false;
            }
        }
        reader.reset(in, offset, p, end);
        SnapshotState out = scratch;
        out.clear(seq, tick);
        readEntries(base, out, count);
        reader.expectEnd();
        int slot = (int) (seq % RING);
        scratch = ring[slot];
        ring[slot] = out;
        SnapshotState previous = newest;
        newest = out;
        report(previous, out, listener);
        return true;
    }

    private void readEntries(SnapshotState base, SnapshotState out, int count) throws CodecException {
        int b = 0;
        long id = 0;
        for (int n = 0; n < count; n++) {
            long gap = reader.readVar();
            if (gap == 0 || id + gap < id) {
                throw reader.fail("entity ids must ascend");
            }
            id += gap;
            while (b < base.count && base.id[b] < id) {
                out.copyFrom(base, b++);
            }
            boolean inBase = b < base.count && base.id[b] == id;
            int op = (int) reader.read(2);
            switch (op) {
                case SnapshotFormat.OP_REMOVED -> {
                    if (!inBase) {
                        throw reader.fail("removal of entity " + Long.toUnsignedString(id) + " the baseline lacks");
                    }
                    b++;
                }
                case SnapshotFormat.OP_FULL -> {
                    long kind = reader.readVar();
                    if (kind > Integer.MAX_VALUE) {
                        throw reader.fail("entity kind " + kind + " out of range");
                    }
                    readComponents(null, -1, out, out.append(id, (int) kind, 0), true);
                    b += inBase ? 1 : 0;
                }
                case SnapshotFormat.OP_DELTA -> {
                    if (!inBase) {
                        throw reader.fail("delta for entity " + Long.toUnsignedString(id) + " the baseline lacks");
                    }
                    out.copyFrom(base, b);
                    readComponents(base, b, out, out.count - 1, false);
                    b++;
                }
                default -> throw reader.fail("invalid entity op 3");
            }
        }
        while (b < base.count) {
            out.copyFrom(base, b++);
        }
    }

    /** Reads the component mask and values into entity {@code i} of {@code out}. */
    private void readComponents(SnapshotState base, int bi, SnapshotState out, int i, boolean full)
            throws CodecException {
        int components = schema.componentCount();
        long comps = reader.read(components);
        if (!full && comps == 0) {
            throw reader.fail("delta entry without components");
        }
        int fields = schema.fieldCount();
        long baseMask = full ? 0 : base.mask[bi];
        for (long m = comps; m != 0; m &= m - 1) {
            int c = Long.numberOfTrailingZeros(m);
            int first = schema.firstField(c);
            int fc = schema.fieldCount(c);
            boolean hadIt = (baseMask & (1L << c)) != 0;
            long fieldMask = fc > 1 ? reader.read(fc) : 1L;
            if (!full && hadIt && fieldMask == 0) {
                throw reader.fail("delta component without fields");
            }
            if (!hadIt) {
                // A component the baseline lacks starts from zeros.
                java.util.Arrays.fill(out.values, i * fields + first, i * fields + first + fc, 0L);
                if (out.strings != null) {
                    java.util.Arrays.fill(out.strings, i * fields + first, i * fields + first + fc, null);
                }
            }
            for (long fm = fieldMask; fm != 0; fm &= fm - 1) {
                int f = first + Long.numberOfTrailingZeros(fm);
                CompactField field = schema.field(f);
                if (field.type() == CompactType.STRING) {
                    out.strings[i * fields + f] = readString();
                } else {
                    long baseValue = hadIt ? out.values[i * fields + f] : 0L;
                    out.values[i * fields + f] = SnapshotFormat.readValue(reader, field, baseValue);
                }
            }
        }
        out.mask[i] = baseMask | comps;
    }

    private String readString() throws CodecException {
        long n = reader.readVar();
        if (n > SnapshotFormat.MAX_STRING_BYTES) {
            throw reader.fail("string of " + n + " bytes over " + SnapshotFormat.MAX_STRING_BYTES);
        }
        byte[] bytes = new byte[(int) n];
        for (int k = 0; k < n; k++) {
            bytes[k] = (byte) reader.read(8);
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw reader.fail("string is not valid UTF-8");
        }
    }

    private void report(SnapshotState prev, SnapshotState now, Listener listener) {
        listener.snapshot(now.seq, now.tick);
        int fields = schema.fieldCount();
        int a = 0;
        int b = 0;
        while (a < prev.count || b < now.count) {
            long pa = a < prev.count ? prev.id[a] : Long.MAX_VALUE;
            long nb = b < now.count ? now.id[b] : Long.MAX_VALUE;
            if (a < prev.count && (b >= now.count || pa < nb)) {
                listener.removed(pa);
                a++;
            } else if (b < now.count && (a >= prev.count || nb < pa) || prev.kind[a] != now.kind[b]) {
                if (a < prev.count && pa == nb) {
                    listener.removed(pa);
                    a++;
                }
                listener.entered(nb, now.kind[b]);
                for (long m = now.mask[b]; m != 0; m &= m - 1) {
                    listener.changed(now, b, Long.numberOfTrailingZeros(m));
                }
                b++;
            } else {
                for (long m = now.mask[b]; m != 0; m &= m - 1) {
                    int c = Long.numberOfTrailingZeros(m);
                    if ((prev.mask[a] & (1L << c)) == 0 || differs(prev, a, now, b, c, fields)) {
                        listener.changed(now, b, c);
                    }
                }
                a++;
                b++;
            }
        }
    }

    private boolean differs(SnapshotState x, int i, SnapshotState y, int j, int c, int fields) {
        int first = schema.firstField(c);
        for (int f = first; f < first + schema.fieldCount(c); f++) {
            if (x.values[i * fields + f] != y.values[j * fields + f]) {
                return true;
            }
            if (x.strings != null && !java.util.Objects.equals(x.strings[i * fields + f], y.strings[j * fields + f])) {
                return true;
            }
        }
        return false;
    }

    private static CodecException malformed(int offset, String reason) {
        return new CodecException(new CodecError.MalformedPayload(offset, reason));
    }
}
