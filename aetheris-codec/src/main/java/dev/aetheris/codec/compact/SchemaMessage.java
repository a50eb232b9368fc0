package dev.aetheris.codec.compact;

import dev.aetheris.protocol.error.CodecError;
import dev.aetheris.protocol.error.CodecException;
import java.util.ArrayList;
import java.util.List;

/**
 * The SCHEMA message: {@code C1 02}, u8 component count, then per component its kind (u16
 * little-endian) and u8 field count, then per field: u8 type code ({@link CompactType#code()}),
 * u8 bits, f64 min, f64 precision (little-endian IEEE 754). Decoding is strict: every value is
 * checked as {@link CompactField} checks it and nothing may follow.
 *
 * <p>Sent once per connection, so encoding may allocate. Thread-safe (static methods).
 */
public final class SchemaMessage {
    private SchemaMessage() {
    }

    /** Bytes {@link #encode} writes. */
    public static int size(CompactSchema schema) {
        return 3 + 3 * schema.componentCount() + 18 * schema.fieldCount();
    }

    /**
     * Writes the message. @return bytes written
     *
     * @throws CodecException with {@link CodecError.BufferOverflow} if it does not fit
     */
    public static int encode(CompactSchema schema, byte[] out, int offset) throws CodecException {
        int size = size(schema);
        if (out.length - offset < size) {
            throw new CodecException(new CodecError.BufferOverflow(size, out.length - offset));
        }
        int p = offset;
        out[p++] = (byte) CompactFrames.MARK;
        out[p++] = CompactFrames.SCHEMA;
        out[p++] = (byte) schema.componentCount();
        for (CompactComponent c : schema.components()) {
            out[p++] = (byte) c.kind();
            out[p++] = (byte) (c.kind() >>> 8);
            out[p++] = (byte) c.fields().size();
            for (CompactField f : c.fields()) {
                out[p++] = (byte) f.type().code();
                out[p++] = (byte) f.bits();
                p = putF64(out, p, f.min());
                p = putF64(out, p, f.precision());
            }
        }
        return p - offset;
    }

    /** Decodes a SCHEMA message of exactly {@code length} bytes. */
    public static CompactSchema decode(byte[] in, int offset, int length) throws CodecException {
        Cursor c = new Cursor(in, offset, length);
        if (c.u8() != CompactFrames.MARK || c.u8() != CompactFrames.SCHEMA) {
            throw c.fail(0, "not a v2 SCHEMA message");
        }
        int count = c.u8();
        if (count == 0 || count > CompactSchema.MAX_COMPONENTS) {
            throw c.fail(2, "component count " + count + " outside 1..64");
        }
        List<CompactComponent> components = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            int kind = c.u8() | c.u8() << 8;
            int fieldCount = c.u8();
            List<CompactField> fields = new ArrayList<>(fieldCount);
            for (int j = 0; j < fieldCount; j++) {
                int at = c.pos - offset;
                CompactType type = CompactType.ofCode(c.u8());
                int bits = c.u8();
                double min = Double.longBitsToDouble(c.u64());
                double precision = Double.longBitsToDouble(c.u64());
                if (type == null) {
                    throw c.fail(at, "unknown field type code " + (in[offset + at] & 0xff));
                }
                try {
                    fields.add(new CompactField(type, bits, min, precision));
                } catch (IllegalArgumentException e) {
                    throw c.fail(at, e.getMessage());
                }
            }
            try {
                components.add(new CompactComponent(kind, fields));
            } catch (IllegalArgumentException e) {
                throw c.fail(c.pos - offset, e.getMessage());
            }
        }
        if (c.pos != offset + length) {
            throw c.fail(c.pos - offset, "trailing bytes after the schema");
        }
        return new CompactSchema(components);
    }

    private static int putF64(byte[] out, int p, double v) {
        long bits = Double.doubleToRawLongBits(v);
        for (int i = 0; i < 8; i++) {
            out[p + i] = (byte) (bits >>> (8 * i));
        }
        return p + 8;
    }

    private static final class Cursor {
        final byte[] in;
        final int start;
        final int end;
        int pos;

        Cursor(byte[] in, int offset, int length) throws CodecException {
            if (in == null || offset < 0 || length < 0 || offset > in.length - length) {
                throw new CodecException(new CodecError.InvalidValue("input slice out of bounds"));
            }
            this.in = in;
            this.start = offset;
            this.end = offset + length;
            this.pos = offset;
        }

        int u8() throws CodecException {
            if (pos >= end) {
                throw fail(pos - start, "truncated schema");
            }
            return in[pos++] & 0xff;
        }

        long u64() throws CodecException {
            long v = 0;
            for (int i = 0; i < 8; i++) {
                v |= (long) u8() << (8 * i);
            }
            return v;
        }

        CodecException fail(int at, String reason) {
            return new CodecException(new CodecError.MalformedPayload(at, reason));
        }
    }
}
