package dev.aetheris.codec;

import java.nio.charset.StandardCharsets;

/**
 * Allocation-free MessagePack writing primitives in rmp-serde's canonical forms (smallest integer,
 * string, binary and container headers; {@code f32} always as {@code ca}).
 *
 * <p>Every method takes the position to write at and the exclusive {@code limit} and returns the
 * position after the value. A value that does not fit is not written, but the returned position
 * still advances: after a whole frame, {@code pos > limit} means overflow and {@code pos - start}
 * is the exact size needed. This keeps the methods static, stateless and free of per-call objects.
 */
final class MsgpackOut {
    static final int NIL = 0xc0;
    static final int FALSE = 0xc2;
    static final int TRUE = 0xc3;
    static final int BIN8 = 0xc4;
    static final int BIN16 = 0xc5;
    static final int BIN32 = 0xc6;
    static final int FLOAT32 = 0xca;
    static final int FLOAT64 = 0xcb;
    static final int UINT8 = 0xcc;
    static final int UINT16 = 0xcd;
    static final int UINT32 = 0xce;
    static final int UINT64 = 0xcf;
    static final int INT8 = 0xd0;
    static final int INT16 = 0xd1;
    static final int INT32 = 0xd2;
    static final int INT64 = 0xd3;
    static final int STR8 = 0xd9;
    static final int STR16 = 0xda;
    static final int STR32 = 0xdb;
    static final int ARRAY16 = 0xdc;
    static final int ARRAY32 = 0xdd;
    static final int MAP16 = 0xde;
    static final int MAP32 = 0xdf;

    private MsgpackOut() {
    }

    /** The complete encoding (header + bytes) of an ASCII string constant such as a variant name. */
    static byte[] strConstant(String ascii) {
        byte[] utf8 = ascii.getBytes(StandardCharsets.UTF_8);
        byte[] out = new byte[strHeaderSize(utf8.length) + utf8.length];
        int p = writeStrHeader(out, 0, out.length, utf8.length);
        System.arraycopy(utf8, 0, out, p, utf8.length);
        return out;
    }

    static int writeByte(byte[] out, int pos, int limit, int b) {
        if (pos < limit) {
            out[pos] = (byte) b;
        }
        return pos + 1;
    }

    static int writeRaw(byte[] out, int pos, int limit, byte[] src, int srcOffset, int length) {
        if (pos + length <= limit) {
            System.arraycopy(src, srcOffset, out, pos, length);
        }
        return pos + length;
    }

    static int writeRaw(byte[] out, int pos, int limit, byte[] src) {
        return writeRaw(out, pos, limit, src, 0, src.length);
    }

    static int writeBool(byte[] out, int pos, int limit, boolean v) {
        return writeByte(out, pos, limit, v ? TRUE : FALSE);
    }

    static int writeNil(byte[] out, int pos, int limit) {
        return writeByte(out, pos, limit, NIL);
    }

    /** Size of {@code v}, read as unsigned, in the smallest unsigned form. */
    static int uintSize(long v) {
        if (v >= 0 && v < 0x80) {
            return 1;
        } else if (v >= 0 && v <= 0xff) {
            return 2;
        } else if (v >= 0 && v <= 0xffff) {
            return 3;
        } else if (v >= 0 && v <= 0xffff_ffffL) {
            return 5;
        }
        return 9;
    }

    /** Writes {@code v}, read as unsigned, in the smallest unsigned form (what rmp writes for u8..u64). */
    static int writeUInt(byte[] out, int pos, int limit, long v) {
        int n = uintSize(v);
        if (pos + n > limit) {
            return pos + n;
        }
        switch (n) {
            case 1 -> out[pos] = (byte) v;
            case 2 -> {
                out[pos] = (byte) UINT8;
                out[pos + 1] = (byte) v;
            }
            case 3 -> {
                out[pos] = (byte) UINT16;
                put16(out, pos + 1, (int) v);
            }
            case 5 -> {
                out[pos] = (byte) UINT32;
                put32(out, pos + 1, (int) v);
            }
            default -> {
                out[pos] = (byte) UINT64;
                put64(out, pos + 1, v);
            }
        }
        return pos + n;
    }

    /** {@code f32}: always {@code ca} + 4 bytes big-endian, raw bits (NaN payloads kept). */
    static int writeF32(byte[] out, int pos, int limit, float v) {
        if (pos + 5 <= limit) {
            out[pos] = (byte) FLOAT32;
            put32(out, pos + 1, Float.floatToRawIntBits(v));
        }
        return pos + 5;
    }

    static int arrayHeaderSize(int n) {
        return n < 16 ? 1 : n <= 0xffff ? 3 : 5;
    }

    static int writeArrayHeader(byte[] out, int pos, int limit, int n) {
        return writeContainerHeader(out, pos, limit, n, 0x90, ARRAY16, ARRAY32);
    }

    static int writeMapHeader(byte[] out, int pos, int limit, int n) {
        return writeContainerHeader(out, pos, limit, n, 0x80, MAP16, MAP32);
    }

    private static int writeContainerHeader(byte[] out, int pos, int limit, int n, int fix, int m16, int m32) {
        int size = arrayHeaderSize(n);
        if (pos + size > limit) {
            return pos + size;
        }
        if (size == 1) {
            out[pos] = (byte) (fix | n);
        } else if (size == 3) {
            out[pos] = (byte) m16;
            put16(out, pos + 1, n);
        } else {
            out[pos] = (byte) m32;
            put32(out, pos + 1, n);
        }
        return pos + size;
    }

    static int strHeaderSize(int len) {
        return len < 32 ? 1 : len <= 0xff ? 2 : len <= 0xffff ? 3 : 5;
    }

    static int writeStrHeader(byte[] out, int pos, int limit, int len) {
        int size = strHeaderSize(len);
        if (pos + size > limit) {
            return pos + size;
        }
        switch (size) {
            case 1 -> out[pos] = (byte) (0xa0 | len);
            case 2 -> {
                out[pos] = (byte) STR8;
                out[pos + 1] = (byte) len;
            }
            case 3 -> {
                out[pos] = (byte) STR16;
                put16(out, pos + 1, len);
            }
            default -> {
                out[pos] = (byte) STR32;
                put32(out, pos + 1, len);
            }
        }
        return pos + size;
    }

    static int binHeaderSize(int len) {
        return len <= 0xff ? 2 : len <= 0xffff ? 3 : 5;
    }

    /** {@code serde_bytes} fields: bin8/16/32 (an empty payload is {@code c4 00}). */
    static int writeBinHeader(byte[] out, int pos, int limit, int len) {
        int size = binHeaderSize(len);
        if (pos + size > limit) {
            return pos + size;
        }
        if (size == 2) {
            out[pos] = (byte) BIN8;
            out[pos + 1] = (byte) len;
        } else if (size == 3) {
            out[pos] = (byte) BIN16;
            put16(out, pos + 1, len);
        } else {
            out[pos] = (byte) BIN32;
            put32(out, pos + 1, len);
        }
        return pos + size;
    }

    /**
     * UTF-8 length of {@code s}, or −1 if it holds an unpaired surrogate (a Rust {@code String}
     * cannot, so such a value has no encoding).
     */
    static int utf8Length(CharSequence s) {
        int n = 0;
        int len = s.length();
        for (int i = 0; i < len; i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                n += 1;
            } else if (c < 0x800) {
                n += 2;
            } else if (Character.isHighSurrogate(c)) {
                if (i + 1 < len && Character.isLowSurrogate(s.charAt(i + 1))) {
                    n += 4;
                    i++;
                } else {
                    return -1;
                }
            } else if (Character.isLowSurrogate(c)) {
                return -1;
            } else {
                n += 3;
            }
        }
        return n;
    }

    /** Writes a string whose UTF-8 length the caller computed with {@link #utf8Length} (≥ 0). */
    static int writeStr(byte[] out, int pos, int limit, CharSequence s, int utf8Len) {
        pos = writeStrHeader(out, pos, limit, utf8Len);
        if (pos + utf8Len > limit) {
            return pos + utf8Len;
        }
        int len = s.length();
        for (int i = 0; i < len; i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                out[pos++] = (byte) c;
            } else if (c < 0x800) {
                out[pos++] = (byte) (0xc0 | (c >> 6));
                out[pos++] = (byte) (0x80 | (c & 0x3f));
            } else if (Character.isHighSurrogate(c)) {
                int cp = Character.toCodePoint(c, s.charAt(++i));
                out[pos++] = (byte) (0xf0 | (cp >> 18));
                out[pos++] = (byte) (0x80 | ((cp >> 12) & 0x3f));
                out[pos++] = (byte) (0x80 | ((cp >> 6) & 0x3f));
                out[pos++] = (byte) (0x80 | (cp & 0x3f));
            } else {
                out[pos++] = (byte) (0xe0 | (c >> 12));
                out[pos++] = (byte) (0x80 | ((c >> 6) & 0x3f));
                out[pos++] = (byte) (0x80 | (c & 0x3f));
            }
        }
        return pos;
    }

    static void put16(byte[] out, int pos, int v) {
        out[pos] = (byte) (v >>> 8);
        out[pos + 1] = (byte) v;
    }

    static void put32(byte[] out, int pos, int v) {
        out[pos] = (byte) (v >>> 24);
        out[pos + 1] = (byte) (v >>> 16);
        out[pos + 2] = (byte) (v >>> 8);
        out[pos + 3] = (byte) v;
    }

    static void put64(byte[] out, int pos, long v) {
        put32(out, pos, (int) (v >>> 32));
        put32(out, pos + 4, (int) v);
    }
}
