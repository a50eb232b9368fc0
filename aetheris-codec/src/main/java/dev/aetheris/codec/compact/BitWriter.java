package dev.aetheris.codec.compact;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Writes bits least-significant first into a caller's {@code byte[]}: bit {@code i} of the stream
 * is bit {@code i % 8} of byte {@code start + i / 8}. A write that would pass the limit sets
 * {@link #overflowed()} and writes nothing, so an encoder can {@link #mark()} before an entity,
 * try it, and {@link #rewind} when it did not fit.
 *
 * <p>Given a buffer with {@link #SLACK} spare bytes past the limit, a write is one 64-bit
 * read-modify-write (bytes ahead of the stream are zeroed in blocks as it advances); otherwise it
 * goes byte by byte. Both produce the same bytes.
 *
 * <p><b>Allocation.</b> None after construction; {@link #reset} retargets the writer.
 * <b>Threading.</b> Not thread-safe; one writer per encoding thread.
 */
public final class BitWriter {
    /** Spare bytes past the limit that enable word-wide writes. */
    public static final int SLACK = 16;
    private static final VarHandle LONG_LE = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private byte[] buf;
    private boolean wide;
    /** Bytes from {@code start} up to here are known to be zero or written (wide mode). */
    private int clean;
    private int start;
    private long limitBits;
    private long pos;
    private boolean overflowed;

    /** Writes into {@code buf[start, limit)}; the bytes there are overwritten. */
    public BitWriter reset(byte[] buf, int start, int limit) {
        this.buf = buf;
        this.start = start;
        this.limitBits = (long) (limit - start) * 8;
        this.pos = 0;
        this.overflowed = false;
        this.wide = buf.length - limit >= SLACK;
        this.clean = start;
        return this;
    }

    /** Writes the low {@code bits} bits of {@code value} (0..64 bits). */
    public void write(long value, int bits) {
        if (bits == 0) {
            return;
        }
        if (pos + bits > limitBits) {
            overflowed = true;
            return;
        }
        if (wide) {
            writeWide(value, bits);
            return;
        }
        int done = 0;
        while (done < bits) {
            int byteIndex = start + (int) (pos >>> 3);
            int bitInByte = (int) (pos & 7);
            int n = Math.min(8 - bitInByte, bits - done);
            int chunk = (int) ((value >>> done) & ((1 << n) - 1));
            if (bitInByte == 0) {
                buf[byteIndex] = (byte) chunk; // a fresh byte: clear what the buffer held
            } else {
                buf[byteIndex] |= (byte) (chunk << bitInByte);
            }
            pos += n;
            done += n;
        }
    }

    private void writeWide(long value, int bits) {
        int byteIndex = start + (int) (pos >>> 3);
        int shift = (int) (pos & 7);
        if (byteIndex + 9 > clean) {
            // Zero ahead in blocks so the OR below never meets stale buffer content.
            int from = Math.max(clean, byteIndex + (shift == 0 ? 0 : 1));
            java.util.Arrays.fill(buf, from, byteIndex + SLACK, (byte) 0);
            clean = byteIndex + SLACK;
            if (shift == 0) {
                buf[byteIndex] = 0;
            }
        }
        long v = bits == 64 ? value : value & ((1L << bits) - 1);
        long word = (long) LONG_LE.get(buf, byteIndex);
        LONG_LE.set(buf, byteIndex, word | (v << shift));
        if (shift + bits > 64) {
            buf[byteIndex + 8] |= (byte) (v >>> (64 - shift));
        }
        pos += bits;
    }

    /** Writes one bit. */
    public void writeBit(boolean bit) {
        write(bit ? 1 : 0, 1);
    }

    /**
     * Writes an unsigned variable-length value: 4 value bits then a continuation bit, repeated,
     * least-significant group first (1..15 cost 5 bits; at most 16 groups).
     */
    public void writeVar(long value) {
        if ((value >>> 48) == 0) {
            // Up to 12 groups fit one word: assemble them and write once.
            long code = 0;
            int n = 0;
            long v = value;
            do {
                long group = v & 15;
                v >>>= 4;
                code |= (group | (v != 0 ? 16L : 0L)) << n;
                n += 5;
            } while (v != 0);
            write(code, n);
            return;
        }
        long v = value;
        do {
            write(v & 15, 4);
            v >>>= 4;
            write(v != 0 ? 1 : 0, 1);
        } while (v != 0);
    }

    /**
     * Reads back {@code bits} (0..64) already written at stream position {@code from}, so an
     * encoder can keep a written run and repeat it with {@link #write}.
     */
    public long bitsAt(long from, int bits) {
        if (bits == 0) {
            return 0;
        }
        if (from < 0 || bits > 64 || from + bits > pos) {
            throw new IllegalArgumentException("bits " + from + "+" + bits + " are not all written (at " + pos + ")");
        }
        long v = 0;
        int got = 0;
        long p = from;
        while (got < bits) {
            int bitInByte = (int) (p & 7);
            int n = Math.min(8 - bitInByte, bits - got);
            long chunk = ((buf[start + (int) (p >>> 3)] & 0xFF) >>> bitInByte) & ((1 << n) - 1);
            v |= chunk << got;
            got += n;
            p += n;
        }
        return v;
    }

    /** Bits written so far. */
    public long position() {
        return pos;
    }

    /** A position to {@link #rewind} to. */
    public long mark() {
        return pos;
    }

    /** Drops everything written after {@code mark} and clears the overflow flag. */
    public void rewind(long mark) {
        pos = mark;
        overflowed = false;
        int byteIndex = start + (int) (pos >>> 3);
        if ((pos & 7) != 0) {
            buf[byteIndex] &= (byte) ((1 << (pos & 7)) - 1);
            byteIndex++;
        }
        // What the dropped writes left beyond the mark must be zeroed again before reuse.
        clean = Math.min(clean, byteIndex);
    }

    /** Whether a write did not fit since the last {@link #reset} or {@link #rewind}. */
    public boolean overflowed() {
        return overflowed;
    }

    /** Bytes the stream occupies (the last byte padded with zero bits). */
    public int byteLength() {
        return (int) ((pos + 7) >>> 3);
    }

    /** Bits still available before the limit. */
    public long remainingBits() {
        return limitBits - pos;
    }
}
