package dev.aetheris.codec;

import static dev.aetheris.codec.MsgpackMarkers.*;

import dev.aetheris.protocol.error.CodecError;
import dev.aetheris.protocol.error.CodecException;
import java.util.Arrays;

/**
 * A strict MessagePack cursor over {@code in[start, end)}. It accepts the canonical forms rmp-serde
 * writes and, for numbers only, any width whose value fits (and {@code f64}/integers for
 * {@code f32}). Container, string and binary headers must be the smallest form. Every failure is a
 * {@link CodecException} with a {@link CodecError.MalformedPayload} whose offset counts from
 * {@code start}; no other exception escapes for any input.
 */
final class MsgpackIn {
    private byte[] buf;
    private int start;
    private int end;
    private int pos;
    /** Whether a scan holds this cursor ({@link #borrow}). */
    private boolean inUse;

    MsgpackIn(byte[] buf, int offset, int length) {
        this.buf = buf;
        this.start = offset;
        this.end = offset + length;
        this.pos = offset;
    }

    /** Validates the slice arguments before any byte is read (they come from callers, not the wire). */
    static MsgpackIn of(byte[] in, int offset, int length) throws CodecException {
        validate(in, offset, length);
        return new MsgpackIn(in, offset, length);
    }

    /** A per-thread slot of reusable cursors for {@link #borrow}. */
    static ThreadLocal<MsgpackIn> perThread() {
        return ThreadLocal.withInitial(() -> new MsgpackIn(new byte[0], 0, 0));
    }

    /**
     * The thread's cursor from {@code slot}, aimed at the slice (validated like {@link #of}), or a
     * new one while the thread's is held by a scan further up the stack (a visitor decoding from
     * its callback). Give it back with {@link #release}.
     */
    static MsgpackIn borrow(ThreadLocal<MsgpackIn> slot, byte[] in, int offset, int length) throws CodecException {
        MsgpackIn r = slot.get();
        r = r.inUse ? of(in, offset, length) : r.retarget(in, offset, length);
        r.inUse = true;
        return r;
    }

    /** Ends a {@link #borrow}. */
    void release() {
        inUse = false;
    }

    /** Points this cursor at another slice (validated like {@link #of}), for a caller that reuses one. */
    private MsgpackIn retarget(byte[] in, int offset, int length) throws CodecException {
        validate(in, offset, length);
        buf = in;
        start = offset;
        end = offset + length;
        pos = offset;
        return this;
    }

    private static void validate(byte[] in, int offset, int length) throws CodecException {
        if (in == null || offset < 0 || length < 0 || offset > in.length - length) {
            throw new CodecException(new CodecError.InvalidValue("input slice out of bounds: offset " + offset
                    + ", length " + length + ", array " + (in == null ? "null" : in.length)));
        }
        if (length == 0) {
            throw malformedAt(0, "empty input");
        }
    }

    /** Current offset from the start of the input. */
    int offset() {
        return pos - start;
    }

    boolean atEnd() {
        return pos >= end;
    }

    /** Rejects anything after a complete value. */
    void expectEnd() throws CodecException {
        if (pos < end) {
            throw fail("trailing bytes after a complete value (" + (end - pos) + " bytes)");
        }
    }

    CodecException fail(String reason) {
        return malformedAt(pos - start, reason);
    }

    CodecException failAt(int offsetFromStart, String reason) {
        return malformedAt(offsetFromStart, reason);
    }

    static CodecException malformedAt(int offset, String reason) {
        return new CodecException(new CodecError.MalformedPayload(offset, reason));
    }

    private void need(int n) throws CodecException {
        if (end - pos < n) {
            throw fail("unexpected end of input (" + n + " more bytes needed)");
        }
    }

    /** The next marker byte (0..255) without consuming it. */
    int peek() throws CodecException {
        need(1);
        return buf[pos] & 0xff;
    }

    private int u8() {
        return buf[pos++] & 0xff;
    }

    private int u16() {
        int v = ((buf[pos] & 0xff) << 8) | (buf[pos + 1] & 0xff);
        pos += 2;
        return v;
    }

    private int u32() {
        int v = ((buf[pos] & 0xff) << 24) | ((buf[pos + 1] & 0xff) << 16) | ((buf[pos + 2] & 0xff) << 8)
                | (buf[pos + 3] & 0xff);
        pos += 4;
        return v;
    }

    private long u64() {
        long hi = u32() & 0xffff_ffffL;
        long lo = u32() & 0xffff_ffffL;
        return (hi << 32) | lo;
    }

    private CodecException typeError(String expected, String what, int m) {
        return fail("expected " + expected + " for " + what + ", found " + typeName(m));
    }

    /** An unsigned integer of {@code bits} width, given in any integer width whose value fits. */
    long readUInt(int bits, String what) throws CodecException {
        int at = pos;
        int m = peek();
        long v;
        boolean negative = false;
        if (m <= 0x7f) {
            pos++;
            v = m;
        } else if (m >= 0xe0) {
            pos++;
            v = (byte) m;
            negative = true;
        } else {
            switch (m) {
                case 0xcc -> { need(2); pos++; v = u8(); }
                case 0xcd -> { need(3); pos++; v = u16(); }
                case 0xce -> { need(5); pos++; v = u32() & 0xffff_ffffL; }
                case 0xcf -> { need(9); pos++; v = u64(); }
                case 0xd0 -> { need(2); pos++; v = (byte) u8(); negative = v < 0; }
                case 0xd1 -> { need(3); pos++; v = (short) u16(); negative = v < 0; }
                case 0xd2 -> { need(5); pos++; v = u32(); negative = v < 0; }
                case 0xd3 -> { need(9); pos++; v = u64(); negative = v < 0; }
                default -> throw typeError("unsigned integer", what, m);
            }
        }
        if (negative) {
            throw failAt(at - start, "integer " + v + " out of range for u" + bits + " " + what);
        }
        if (bits < 64 && Long.compareUnsigned(v, (1L << bits) - 1) > 0) {
            throw failAt(at - start, "integer " + Long.toUnsignedString(v) + " out of range for u" + bits + " " + what);
        }
        return v;
    }

    /** An {@code f32}: {@code ca}, or {@code cb} narrowed, or any integer converted. */
    float readF32(String what) throws CodecException {
        int m = peek();
        switch (m) {
            case 0xca -> {
                need(5);
                pos++;
                return Float.intBitsToFloat(u32());
            }
            case 0xcb -> {
                need(9);
                pos++;
                return (float) Double.longBitsToDouble(u64());
            }
            default -> {
                if (!isInt(m)) {
                    throw typeError("float", what, m);
                }
                if (m == 0xcf) {
                    need(9);
                    pos++;
                    long u = u64();
                    return u >= 0 ? (float) u : ((float) ((u >>> 1) | (u & 1))) * 2f;
                }
                return (float) readSigned(what);
            }
        }
    }

    /** Any integer marker except {@code cf}, as a signed long. */
    private long readSigned(String what) throws CodecException {
        int m = peek();
        if (m <= 0x7f) {
            pos++;
            return m;
        } else if (m >= 0xe0) {
            pos++;
            return (byte) m;
        }
        return switch (m) {
            case 0xcc -> { need(2); pos++; yield u8(); }
            case 0xcd -> { need(3); pos++; yield u16(); }
            case 0xce -> { need(5); pos++; yield u32() & 0xffff_ffffL; }
            case 0xd0 -> { need(2); pos++; yield (byte) u8(); }
            case 0xd1 -> { need(3); pos++; yield (short) u16(); }
            case 0xd2 -> { need(5); pos++; yield u32(); }
            case 0xd3 -> { need(9); pos++; yield u64(); }
            default -> throw typeError("integer", what, m);
        };
    }

    boolean readBool(String what) throws CodecException {
        int m = peek();
        if (m == 0xc2 || m == 0xc3) {
            pos++;
            return m == 0xc3;
        }
        throw typeError("bool", what, m);
    }

    /** Consumes a nil if one is next; for {@code Option} fields. */
    boolean tryNil() throws CodecException {
        if (peek() == 0xc0) {
            pos++;
            return true;
        }
        return false;
    }

    /**
     * A struct body: an array of exactly {@code fields} elements. The map form rmp-serde's
     * {@code to_vec_named} writes is rejected.
     */
    void readStruct(int fields, String what) throws CodecException {
        int at = pos;
        int m = peek();
        if (isMap(m)) {
            throw fail("map-form struct body for " + what + " is not accepted (structs are arrays)");
        }
        int n = readArrayHeader(what);
        if (n != fields) {
            throw failAt(at - start, "wrong arity for " + what + ": expected " + fields + " fields, found " + n);
        }
    }

    /** An array header in its smallest form; returns the element count. */
    int readArrayHeader(String what) throws CodecException {
        int at = pos;
        int m = peek();
        int n;
        if (m >= 0x90 && m <= 0x9f) {
            pos++;
            return m & 0x0f;
        } else if (m == 0xdc) {
            need(3);
            pos++;
            n = u16();
            if (n < 16) {
                throw failAt(at - start, "non-canonical array header for " + what);
            }
        } else if (m == 0xdd) {
            need(5);
            pos++;
            n = u32();
            if (n >= 0 && n <= 0xffff) {
                throw failAt(at - start, "non-canonical array header for " + what);
            }
        } else {
            throw typeError("array", what, m);
        }
        checkCount(n, at, what);
        return n;
    }

    /** A map header in its smallest form; returns the entry count. */
    int readMapHeader(String what) throws CodecException {
        int at = pos;
        int m = peek();
        int n;
        if (m >= 0x80 && m <= 0x8f) {
            pos++;
            return m & 0x0f;
        } else if (m == 0xde) {
            need(3);
            pos++;
            n = u16();
            if (n < 16) {
                throw failAt(at - start, "non-canonical map header for " + what);
            }
        } else if (m == 0xdf) {
            need(5);
            pos++;
            n = u32();
            if (n >= 0 && n <= 0xffff) {
                throw failAt(at - start, "non-canonical map header for " + what);
            }
        } else {
            throw typeError("map", what, m);
        }
        checkCount(n, at, what);
        return n;
    }

    /** Every element takes at least one byte, so a count larger than the bytes left is a lie. */
    private void checkCount(int n, int at, String what) throws CodecException {
        if (n < 0 || n > end - pos) {
            throw failAt(at - start, "length " + Integer.toUnsignedString(n) + " of " + what
                    + " exceeds the remaining input");
        }
    }

    /** Reads a string header in its smallest form and returns the byte length; {@code pos} is then at the bytes. */
    private int readStrHeader(String what) throws CodecException {
        int at = pos;
        int m = peek();
        int len;
        if (m >= 0xa0 && m <= 0xbf) {
            pos++;
            len = m & 0x1f;
        } else if (m == 0xd9) {
            need(2);
            pos++;
            len = u8();
            if (len < 32) {
                throw failAt(at - start, "non-canonical string header for " + what);
            }
        } else if (m == 0xda) {
            need(3);
            pos++;
            len = u16();
            if (len <= 0xff) {
                throw failAt(at - start, "non-canonical string header for " + what);
            }
        } else if (m == 0xdb) {
            need(5);
            pos++;
            len = u32();
            if (len >= 0 && len <= 0xffff) {
                throw failAt(at - start, "non-canonical string header for " + what);
            }
        } else {
            throw typeError("string", what, m);
        }
        if (len < 0 || len > end - pos) {
            throw failAt(at - start, "string length " + Integer.toUnsignedString(len) + " of " + what
                    + " exceeds the remaining input");
        }
        return len;
    }

    /** A UTF-8 string of at most {@code maxBytes} bytes. */
    String readStr(int maxBytes, String what) throws CodecException {
        int at = pos;
        int len = readStrHeader(what);
        if (len > maxBytes) {
            throw failAt(at - start, what + " is " + len + " bytes, over the limit of " + maxBytes);
        }
        String s = decodeUtf8(buf, pos, len);
        if (s == null) {
            throw fail("invalid UTF-8 in " + what);
        }
        pos += len;
        return s;
    }

    /**
     * Reads a variant name and returns its index in {@code names} (compared as UTF-8 bytes), or
     * throws naming the problem: unknown, or right but for its case.
     */
    int readName(byte[][] names, String[] display, String what) throws CodecException {
        int at = pos;
        int len = readStrHeader(what);
        for (int i = 0; i < names.length; i++) {
            if (Arrays.equals(buf, pos, pos + len, names[i], 0, names[i].length)) {
                pos += len;
                return i;
            }
        }
        String s = decodeUtf8(buf, pos, len);
        if (s == null) {
            throw failAt(at - start, "invalid UTF-8 in " + what + " name");
        }
        for (String name : display) {
            if (name.equalsIgnoreCase(s)) {
                throw failAt(at - start, "wrongly-cased variant name '" + abbreviate(s) + "' for " + what
                        + " (expected '" + name + "')");
            }
        }
        throw failAt(at - start, "unknown variant '" + abbreviate(s) + "' for " + what);
    }

    /**
     * Reads an enum value's tag in rmp-serde's form: a unit variant is a bare name string; any other
     * variant is a 1-entry map whose key is the name, and the body follows (the caller reads it).
     * Integer variant indices, map-wrapped unit variants and bodiless non-unit variants are rejected.
     *
     * @param unit which variants are unit variants
     * @return the variant index
     */
    int readVariant(byte[][] names, String[] display, boolean[] unit, String what) throws CodecException {
        int at = pos;
        int m = peek();
        if (isStr(m)) {
            int i = readName(names, display, what);
            if (!unit[i]) {
                throw failAt(at - start, "variant " + display[i] + " of " + what + " needs a body (found a bare name)");
            }
            return i;
        }
        if (!isMap(m)) {
            throw typeError("enum variant (name string or 1-entry map)", what, m);
        }
        int n = readMapHeader(what);
        if (n != 1) {
            throw failAt(at - start, "enum " + what + " must be a 1-entry map, found " + n + " entries");
        }
        int keyAt = pos;
        int k = peek();
        if (isInt(k)) {
            throw fail("integer variant index for " + what + " is not accepted (variants are named)");
        }
        int i = readName(names, display, what);
        if (unit[i]) {
            throw failAt(keyAt - start, "unit variant " + display[i] + " of " + what
                    + " must be a bare string, not map-wrapped");
        }
        return i;
    }

    private static String abbreviate(String s) {
        return s.length() <= 40 ? s : s.substring(0, 40) + "…";
    }

    /** A {@code serde_bytes} field: bin8/16/32 in the smallest form. Arrays of integers are rejected. */
    byte[] readBin(String what) throws CodecException {
        int len = skipBin(what);
        return Arrays.copyOfRange(buf, pos - len, pos);
    }

    /** Absolute index of the next byte in the underlying array. */
    int position() {
        return pos;
    }

    /** Reads a bin header and steps over its bytes; they start at {@code position() - length}. */
    int skipBin(String what) throws CodecException {
        int at = pos;
        int m = peek();
        int len;
        switch (m) {
            case 0xc4 -> {
                need(2);
                pos++;
                len = u8();
            }
            case 0xc5 -> {
                need(3);
                pos++;
                len = u16();
                if (len <= 0xff) {
                    throw failAt(at - start, "non-canonical bin header for " + what);
                }
            }
            case 0xc6 -> {
                need(5);
                pos++;
                len = u32();
                if (len >= 0 && len <= 0xffff) {
                    throw failAt(at - start, "non-canonical bin header for " + what);
                }
            }
            default -> throw typeError("bin", what, m);
        }
        if (len < 0 || len > end - pos) {
            throw failAt(at - start, "bin length " + Integer.toUnsignedString(len) + " of " + what
                    + " exceeds the remaining input");
        }
        pos += len;
        return len;
    }

    /** The remaining bytes (a replication frame's raw payload) and moves to the end. */
    byte[] rest() {
        byte[] out = Arrays.copyOfRange(buf, pos, end);
        pos = end;
        return out;
    }
}
