package dev.aetheris.codec.compact;

import dev.aetheris.protocol.error.CodecError;
import dev.aetheris.protocol.error.CodecException;

/**
 * The SNAPSHOT message, shared by the server's encoder and every decoder.
 *
 * <pre>
 * C1 03 | seq u32 LE | tick ULEB128 | base u8 | count u16 LE | bit stream (LSB first, zero-padded)
 * </pre>
 *
 * {@code base} is {@code seq - baselineSeq} (1..31), or 0 when the snapshot is against the empty
 * state. The bit stream holds {@code count} entries in ascending network id order:
 *
 * <pre>
 * gap       var    id - previous id (previous starts at 0), at least 1
 * op        2 bits 0 = delta against the baseline's entity, 1 = full (against zeros, replaces),
 *                  2 = removed; 3 is invalid
 * kind      var    (full only) the entity kind
 * comps     C bits (delta, full) components written, bit h = component h; C = schema components
 * per component h in comps, ascending:
 *   fields  F bits (only when the component has F &gt; 1 fields) fields written
 *   per field written: its value against the base value (the baseline's, or 0 when the
 *   baseline entity lacks the component or op = full)
 * </pre>
 *
 * A value of a field of at most {@link #TIER_BITS} bits is its raw {@code bits}. A wider one is
 * tiered on {@code d = q - base} (zigzag {@code z = (d << 1) ^ (d >> 63)}): bit 0 then 5 bits of
 * {@code z}; or bits 1,0 then 10 bits of {@code z}; or bits 1,1 then the raw {@code bits}. A
 * string is its UTF-8 length (var) then its bytes, 8 bits each. {@code var} is
 * {@link BitWriter#writeVar}.
 *
 * <p>Static methods; allocation-free (errors aside); thread-safe.
 */
public final class SnapshotFormat {
    /** Fields this wide or narrower travel raw. */
    public static final int TIER_BITS = 8;
    /** Op: delta against the baseline's entity. */
    public static final int OP_DELTA = 0;
    /** Op: full state against zeros. */
    public static final int OP_FULL = 1;
    /** Op: the entity is gone. */
    public static final int OP_REMOVED = 2;
    /** Largest baseline distance. */
    public static final int MAX_BASE_DISTANCE = 31;
    /** Largest string a decoder accepts, in bytes. */
    public static final int MAX_STRING_BYTES = 1024;
    /** Largest header: mark, type, seq, 10-byte tick, base, count. */
    public static final int MAX_HEADER = 2 + 4 + 10 + 1 + 2;

    private SnapshotFormat() {
    }

    /** Writes the header with a zero count. @return header length (the count is its last 2 bytes) */
    public static int writeHeader(byte[] out, int offset, long seq, long tick, int baseDistance) {
        int p = offset;
        out[p++] = (byte) CompactFrames.MARK;
        out[p++] = CompactFrames.SNAPSHOT;
        CompactFrames.putU32(out, p, seq);
        p += 4;
        long t = tick;
        while ((t & ~0x7fL) != 0) {
            out[p++] = (byte) ((t & 0x7f) | 0x80);
            t >>>= 7;
        }
        out[p++] = (byte) t;
        out[p++] = (byte) baseDistance;
        out[p++] = 0;
        out[p++] = 0;
        return p - offset;
    }

    /** Stores the entry count into a header written at {@code offset} with length {@code headerLength}. */
    public static void patchCount(byte[] out, int offset, int headerLength, int count) {
        out[offset + headerLength - 2] = (byte) count;
        out[offset + headerLength - 1] = (byte) (count >>> 8);
    }

    /** The sequence of a SNAPSHOT message (for a client that acks without decoding). */
    public static long sequence(byte[] in, int offset, int length) throws CodecException {
        if (length < 6 || !CompactFrames.isCompact(in, offset, length)
                || CompactFrames.type(in, offset) != CompactFrames.SNAPSHOT) {
            throw new CodecException(new CodecError.MalformedPayload(0, "not a v2 SNAPSHOT message"));
        }
        return CompactFrames.getU32(in, offset + 2);
    }

    /** Writes one value of {@code f} against {@code base} (see the class comment). */
    public static void writeValue(BitWriter w, CompactField f, long q, long base) {
        int bits = f.bits();
        if (bits <= TIER_BITS) {
            w.write(q, bits);
            return;
        }
        long d = q - base;
        long z = (d << 1) ^ (d >> 63);
        // Prefix and payload in one write (the stream is least-significant bit first).
        if (Long.compareUnsigned(z, 32) < 0) {
            w.write(z << 1, 6);
        } else if (Long.compareUnsigned(z, 1024) < 0 && bits > 12) {
            w.write(z << 2 | 0b01, 12);
        } else if (bits <= 62) {
            w.write(q << 2 | 0b11, 2 + bits);
        } else {
            w.write(0b11, 2);
            w.write(q, bits);
        }
    }

    /** Bits {@link #writeValue} needs. */
    public static int valueBits(CompactField f, long q, long base) {
        int bits = f.bits();
        if (bits <= TIER_BITS) {
            return bits;
        }
        long d = q - base;
        long z = (d << 1) ^ (d >> 63);
        if (Long.compareUnsigned(z, 32) < 0) {
            return 6;
        }
        return Long.compareUnsigned(z, 1024) < 0 && bits > 12 ? 12 : 2 + bits;
    }

    /** Tier of a value read by {@link #readTier}: the raw {@code q} follows in the field's bits. */
    public static final int TIER_RAW = 0;
    /** Tier: 5 bits of zigzag delta follow. */
    public static final int TIER_SMALL = 1;
    /** Tier: 10 bits of zigzag delta follow. */
    public static final int TIER_MEDIUM = 2;

    /** Reads a value's tier prefix ({@link #TIER_RAW} without reading for fields of ≤ 8 bits). */
    public static int readTier(BitReader r, CompactField f) throws CodecException {
        if (f.bits() <= TIER_BITS || !r.readBit()) {
            return f.bits() <= TIER_BITS ? TIER_RAW : TIER_SMALL;
        }
        return r.readBit() ? TIER_RAW : TIER_MEDIUM;
    }

    /** Reads one value of {@code f} against {@code base}; a result outside the field's width is malformed. */
    public static long readValue(BitReader r, CompactField f, long base) throws CodecException {
        int tier = readTier(r, f);
        if (tier == TIER_RAW) {
            return r.read(f.bits());
        }
        long z = r.read(tier == TIER_SMALL ? 5 : 10);
        long q = base + ((z >>> 1) ^ -(z & 1));
        if (f.bits() < 64 && (q < 0 || q > f.maxQ())) {
            throw r.fail("delta leaves the field's " + f.bits() + "-bit range");
        }
        return q;
    }

    /** Writes a string's UTF-8 bytes. */
    public static void writeString(BitWriter w, byte[] utf8) {
        w.writeVar(utf8.length);
        for (byte b : utf8) {
            w.write(b & 0xff, 8);
        }
    }

    /** Bits {@link #writeString} needs. */
    public static int stringBits(byte[] utf8) {
        int groups = Math.max(1, (64 - Long.numberOfLeadingZeros(utf8.length) + 3) / 4);
        return 5 * groups + 8 * utf8.length;
    }
}
