package dev.aetheris.codec.compact;

/**
 * Writes bits least-significant first into a caller's {@code byte[]}: bit {@code i} of the stream
 * is bit {@code i % 8} of byte {@code start + i / 8}. A write that would pass the limit sets
 * {@link #overflowed()} and writes nothing, so an encoder can {@link #mark()} before an entity,
 * try it, and {@link #rewind} when it did not fit.
 *
 * <p><b>Allocation.</b> None after construction; {@link #reset} retargets the writer.
 * <b>Threading.</b> Not thread-safe; one writer per encoding thread.
 */
public final class BitWriter {
    private byte[] buf;
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

    /** Writes one bit. */
    public void writeBit(boolean bit) {
        write(bit ? 1 : 0, 1);
    }

    /**
     * Writes an unsigned variable-length value: 4 value bits then a continuation bit, repeated,
     * least-significant group first (1..15 cost 5 bits; at most 16 groups).
     */
    public void writeVar(long value) {
        long v = value;
        do {
            write(v & 15, 4);
            v >>>= 4;
            write(v != 0 ? 1 : 0, 1);
        } while (v != 0);
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
        if ((pos & 7) != 0) {
            int byteIndex = start + (int) (pos >>> 3);
            buf[byteIndex] &= (byte) ((1 << (pos & 7)) - 1);
        }
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
