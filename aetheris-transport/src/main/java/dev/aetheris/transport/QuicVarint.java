package dev.aetheris.transport;

import io.netty.buffer.ByteBuf;

/**
 * The QUIC variable-length integer (RFC 9000 §16) used as the length prefix of reliable messages
 * on the QUIC stream: the two high bits of the first byte give the encoded length (00 = 1 byte,
 * 01 = 2, 10 = 4, 11 = 8 bytes) and the remaining bits hold the value big-endian. Writers use the
 * shortest form; readers accept any form.
 */
public final class QuicVarint {
    /** Largest value a QUIC varint can hold (2^62 - 1). */
    public static final long MAX_VALUE = (1L << 62) - 1;
    /** {@link #peek} result when the buffer does not hold the whole varint yet. */
    public static final long INCOMPLETE = -1;

    private QuicVarint() {
    }

    /** Bytes the shortest encoding of {@code value} takes. */
    public static int encodedLength(long value) {
        if (value < 0 || value > MAX_VALUE) {
            throw new IllegalArgumentException("varint out of range: " + value);
        }
        if (value < (1L << 6)) {
            return 1;
        }
        if (value < (1L << 14)) {
            return 2;
        }
        if (value < (1L << 30)) {
            return 4;
        }
        return 8;
    }

    /** Writes the shortest encoding of {@code value}. */
    public static void write(ByteBuf out, long value) {
        switch (encodedLength(value)) {
            case 1 -> out.writeByte((int) value);
            case 2 -> out.writeShort((int) value | 0x4000);
            case 4 -> out.writeInt((int) value | 0x8000_0000);
            default -> out.writeLong(value | 0xC000_0000_0000_0000L);
        }
    }

    /** Bytes of the varint starting with {@code firstByte}. */
    public static int lengthOf(byte firstByte) {
        return 1 << ((firstByte & 0xFF) >>> 6);
    }

    /**
     * Reads the varint at {@code index} without moving the reader index.
     *
     * @return the value, or {@link #INCOMPLETE} if fewer than its length bytes are readable up to {@code limit}
     */
    public static long peek(ByteBuf in, int index, int limit) {
        if (index >= limit) {
            return INCOMPLETE;
        }
        byte first = in.getByte(index);
        int len = lengthOf(first);
        if (limit - index < len) {
            return INCOMPLETE;
        }
        return switch (len) {
            case 1 -> first & 0x3F;
            case 2 -> in.getUnsignedShort(index) & 0x3FFF;
            case 4 -> in.getUnsignedInt(index) & 0x3FFF_FFFFL;
            default -> in.getLong(index) & 0x3FFF_FFFF_FFFF_FFFFL;
        };
    }
}
