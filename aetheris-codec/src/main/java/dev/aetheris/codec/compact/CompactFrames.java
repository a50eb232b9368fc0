package dev.aetheris.codec.compact;

import dev.aetheris.protocol.error.CodecError;
import dev.aetheris.protocol.error.CodecException;

/**
 * The framing of codec v2 messages. Every v2 message starts with {@link #MARK} ({@code 0xC1}, the
 * one byte MessagePack never uses), so v2 and v1 frames share a channel without ambiguity, then a
 * type byte:
 *
 * <ul>
 * <li>{@link #HELLO} (client → server, before {@code Auth}): {@code C1 01 02} asks for v2; a
 *     client that never sends it gets v1.</li>
 * <li>{@link #SCHEMA} (server → client, reliable, once): see {@link SchemaMessage}.</li>
 * <li>{@link #SNAPSHOT} (server → client, unreliable): see {@link SnapshotFormat}.</li>
 * <li>{@link #INPUT} (client → server): {@code C1 04}, the newest snapshot sequence decoded
 *     (u32 little-endian, 0 = none), then optionally one complete v1 message (the input).</li>
 * </ul>
 *
 * <p>All methods are static, allocation-free (errors aside) and thread-safe.
 */
public final class CompactFrames {
    /** First byte of every v2 message. */
    public static final int MARK = 0xC1;
    /** Client asks for v2. */
    public static final int HELLO = 0x01;
    /** Server describes the schema. */
    public static final int SCHEMA = 0x02;
    /** A snapshot. */
    public static final int SNAPSHOT = 0x03;
    /** Client's ack, with an optional v1 message after it. */
    public static final int INPUT = 0x04;
    /** The version a Hello asks for. */
    public static final int VERSION = 2;
    /** Bytes of an INPUT header (mark, type, u32 ack). */
    public static final int INPUT_HEADER = 6;

    private CompactFrames() {
    }

    /** Whether the message is a v2 message (starts with {@link #MARK} and has a type byte). */
    public static boolean isCompact(byte[] in, int offset, int length) {
        return length >= 2 && (in[offset] & 0xff) == MARK;
    }

    /** The type byte of a v2 message ({@link #isCompact} must hold). */
    public static int type(byte[] in, int offset) {
        return in[offset + 1] & 0xff;
    }

    /** Writes a Hello. @return 3 */
    public static int writeHello(byte[] out, int offset) {
        out[offset] = (byte) MARK;
        out[offset + 1] = HELLO;
        out[offset + 2] = VERSION;
        return 3;
    }

    /** Whether the message is exactly a Hello for this version. */
    public static boolean isHello(byte[] in, int offset, int length) {
        return length == 3 && isCompact(in, offset, length) && type(in, offset) == HELLO
                && in[offset + 2] == VERSION;
    }

    /** Writes an INPUT header acknowledging snapshot {@code ack}; the v1 input follows it. @return 6 */
    public static int writeInputHeader(long ack, byte[] out, int offset) {
        out[offset] = (byte) MARK;
        out[offset + 1] = INPUT;
        putU32(out, offset + 2, ack);
        return INPUT_HEADER;
    }

    /**
     * The ack of an INPUT message.
     *
     * @throws CodecException if the message is not an INPUT of at least 6 bytes
     */
    public static long inputAck(byte[] in, int offset, int length) throws CodecException {
        if (length < INPUT_HEADER || !isCompact(in, offset, length) || type(in, offset) != INPUT) {
            throw new CodecException(new CodecError.MalformedPayload(0, "not a v2 INPUT message of 6+ bytes"));
        }
        return getU32(in, offset + 2);
    }

    static void putU32(byte[] out, int at, long v) {
        out[at] = (byte) v;
        out[at + 1] = (byte) (v >>> 8);
        out[at + 2] = (byte) (v >>> 16);
        out[at + 3] = (byte) (v >>> 24);
    }

    static long getU32(byte[] in, int at) {
        return (in[at] & 0xffL) | (in[at + 1] & 0xffL) << 8 | (in[at + 2] & 0xffL) << 16 | (in[at + 3] & 0xffL) << 24;
    }
}
