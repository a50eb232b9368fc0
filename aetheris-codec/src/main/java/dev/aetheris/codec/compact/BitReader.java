package dev.aetheris.codec.compact;

import dev.aetheris.protocol.error.CodecError;
import dev.aetheris.protocol.error.CodecException;

/**
 * Reads what {@link BitWriter} writes, strictly: reading past the end, an over-long variable
 * value or non-zero padding is a {@link CodecException} with {@link CodecError.MalformedPayload}
 * whose offset is the byte (from the start of the message) where the problem is.
 *
 * <p><b>Allocation.</b> None after construction (exceptions aside). <b>Threading.</b> Not
 * thread-safe.
 */
public final class BitReader {
    private byte[] buf;
    private int start;
    private int messageStart;
    private long limitBits;
    private long pos;

    /**
     * Reads {@code buf[start, end)}; {@code messageStart} is where the message begins, for error
     * offsets.
     */
    public BitReader reset(byte[] buf, int messageStart, int start, int end) {
        this.buf = buf;
        this.messageStart = messageStart;
        this.start = start;
        this.limitBits = (long) (end - start) * 8;
        this.pos = 0;
        return this;
    }

    /** Reads {@code bits} bits (0..64) as an unsigned value. */
    public long read(int bits) throws CodecException {
        if (pos + bits > limitBits) {
            throw fail("truncated: " + bits + " more bits needed");
        }
        long v = 0;
        int done = 0;
        while (done < bits) {
            int b = buf[start + (int) (pos >>> 3)] & 0xff;
            int bitInByte = (int) (pos & 7);
            int n = Math.min(8 - bitInByte, bits - done);
            v |= (long) ((b >>> bitInByte) & ((1 << n) - 1)) << done;
            pos += n;
            done += n;
        }
        return v;
    }

    /** Reads one bit. */
    public boolean readBit() throws CodecException {
        return read(1) != 0;
    }

    /** Reads a {@link BitWriter#writeVar} value. */
    public long readVar() throws CodecException {
        long v = 0;
        for (int group = 0; group < 16; group++) {
            long chunk = read(4);
            if (group == 15 && chunk > 15) {
                throw fail("variable-length value over 64 bits");
            }
            v |= chunk << (4 * group);
            if (read(1) == 0) {
                if (group > 0 && chunk == 0) {
                    throw fail("variable-length value not in its shortest form");
                }
                return v;
            }
        }
        throw fail("variable-length value over 16 groups");
    }

    /** Requires that only zero padding (fewer than 8 bits) remains. */
    public void expectEnd() throws CodecException {
        long left = limitBits - pos;
        if (left >= 8) {
            throw fail("trailing bytes after the last entity (" + (left / 8) + ")");
        }
        if (left > 0 && read((int) left) != 0) {
            throw fail("non-zero padding bits");
        }
    }

    /** Bits read so far. */
    public long position() {
        return pos;
    }

    /** A malformed-payload error at the current byte. */
    public CodecException fail(String reason) {
        int offset = start - messageStart + (int) (Math.min(pos, limitBits) >>> 3);
        return new CodecException(new CodecError.MalformedPayload(offset, reason));
    }
}
