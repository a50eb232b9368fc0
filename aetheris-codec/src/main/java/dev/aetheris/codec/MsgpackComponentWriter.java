package dev.aetheris.codec;

import dev.aetheris.protocol.component.ComponentSchema;
import dev.aetheris.protocol.component.ComponentWriter;
import dev.aetheris.protocol.component.WireType;

/**
 * Writes one component value in rmp-serde's bytes by walking the schema's {@link WireType} tree:
 * struct → array of its fields, newtype → inner value, unit variant → bare name string,
 * newtype/struct variant → 1-entry map name → value / field array, {@code None} → nil,
 * {@code Some} → the value.
 *
 * <p>Reused across values and allocation-free: the walk keeps an explicit stack of frames in
 * preallocated arrays, and bytes go straight into the caller's buffer. Schema violations and
 * overflow raise {@link IllegalStateException} (a bug in the caller, not bad input).
 */
final class MsgpackComponentWriter implements ComponentWriter {
    private static final int MAX_DEPTH = 32;
    private static final int SINGLE = 0;
    private static final int STRUCT = 1;
    private static final int SEQ = 2;

    private final Object[] frameType = new Object[MAX_DEPTH];
    private final int[] frameKind = new int[MAX_DEPTH];
    private final int[] frameIndex = new int[MAX_DEPTH];
    private final int[] frameRemaining = new int[MAX_DEPTH];
    private int depth;

    private ComponentSchema schema;
    private byte[] out;
    private int start;
    private int pos;
    private int limit;
    private int length = -1;

    /** Starts a new value; forgets any unfinished one. */
    MsgpackComponentWriter reset(ComponentSchema schema, byte[] out, int offset, int limit) {
        if (schema == null || out == null || offset < 0 || limit < offset || limit > out.length) {
            throw new IllegalArgumentException("invalid component buffer: offset " + offset + ", limit " + limit
                    + ", array " + (out == null ? "null" : out.length));
        }
        this.schema = schema;
        this.out = out;
        this.start = offset;
        this.pos = offset;
        this.limit = limit;
        this.length = -1;
        depth = 0;
        push(SINGLE, schema.type(), 1);
        return this;
    }

    /** Bytes of the last completed value; −1 if none was completed. */
    int length() {
        return length;
    }

    private void push(int kind, Object type, int count) {
        if (depth == MAX_DEPTH) {
            throw new IllegalStateException("component " + schema.name() + " nests deeper than " + MAX_DEPTH);
        }
        frameKind[depth] = kind;
        frameType[depth] = type;
        frameIndex[depth] = 0;
        frameRemaining[depth] = count;
        depth++;
    }

    private void popFinished() {
        while (depth > 0 && frameRemaining[depth - 1] == 0) {
            depth--;
        }
    }

    /** The declared type of the next value slot, consuming the slot. */
    private WireType nextSlot() {
        if (schema == null || length >= 0) {
            throw new IllegalStateException("no component value is being written");
        }
        popFinished();
        if (depth == 0) {
            throw new IllegalStateException("component " + schema.name() + " is already complete; extra value");
        }
        int d = depth - 1;
        frameRemaining[d]--;
        return switch (frameKind[d]) {
            case STRUCT -> ((WireType.Struct) frameType[d]).fields().get(frameIndex[d]++).type();
            case SEQ -> ((WireType.Seq) frameType[d]).element();
            default -> (WireType) frameType[d];
        };
    }

    /**
     * The shape the next value must have: newtypes are transparent, structs are opened (their
     * array header written) until a leaf, an enum, a sequence or an option is reached.
     */
    private WireType expect(boolean none) {
        WireType t = nextSlot();
        while (true) {
            switch (t) {
                case WireType.Newtype n -> t = n.inner();
                case WireType.Opt o -> {
                    if (none) {
                        return o;
                    }
                    t = o.inner();
                }
                case WireType.Struct s -> {
                    int n = s.fields().size();
                    pos = MsgpackOut.writeArrayHeader(out, pos, limit, n);
                    push(STRUCT, s, n);
                    if (n == 0) {
                        return expect(none);
                    }
                    t = nextSlot();
                }
                default -> {
                    return t;
                }
            }
        }
    }

    private IllegalStateException mismatch(WireType expected, String got) {
        return new IllegalStateException("component " + schema.name() + ": schema expects "
                + describe(expected) + " here, got " + got);
    }

    static String describe(WireType t) {
        return switch (t) {
            case WireType.Bool b -> "bool";
            case WireType.UInt u -> "u" + u.bits();
            case WireType.F32 f -> "f32";
            case WireType.Str s -> "string";
            case WireType.Opt o -> "Option<" + describe(o.inner()) + ">";
            case WireType.Seq s -> "sequence";
            case WireType.Struct s -> "struct";
            case WireType.Newtype n -> describe(n.inner());
            case WireType.Enum e -> "enum";
        };
    }

    @Override
    public ComponentWriter bool(boolean value) {
        WireType t = expect(false);
        if (!(t instanceof WireType.Bool)) {
            throw mismatch(t, "bool");
        }
        pos = MsgpackOut.writeBool(out, pos, limit, value);
        return this;
    }

    @Override
    public ComponentWriter uint(long value) {
        WireType t = expect(false);
        if (!(t instanceof WireType.UInt u)) {
            throw mismatch(t, "uint");
        }
        if (Long.compareUnsigned(value, u.max()) > 0) {
            throw new IllegalStateException("component " + schema.name() + ": " + Long.toUnsignedString(value)
                    + " does not fit u" + u.bits());
        }
        pos = MsgpackOut.writeUInt(out, pos, limit, value);
        return this;
    }

    @Override
    public ComponentWriter f32(float value) {
        WireType t = expect(false);
        if (!(t instanceof WireType.F32)) {
            throw mismatch(t, "f32");
        }
        pos = MsgpackOut.writeF32(out, pos, limit, value);
        return this;
    }

    @Override
    public ComponentWriter str(CharSequence value) {
        WireType t = expect(false);
        if (!(t instanceof WireType.Str s)) {
            throw mismatch(t, "string");
        }
        int len = MsgpackOut.utf8Length(value);
        if (len < 0) {
            throw new IllegalStateException("component " + schema.name() + ": string has an unpaired surrogate");
        }
        if (len > s.maxBytes()) {
            throw new IllegalStateException("component " + schema.name() + ": string of " + len
                    + " bytes is over the limit of " + s.maxBytes());
        }
        pos = MsgpackOut.writeStr(out, pos, limit, value, len);
        return this;
    }

    @Override
    public ComponentWriter none() {
        WireType t = expect(true);
        if (!(t instanceof WireType.Opt)) {
            throw mismatch(t, "none");
        }
        pos = MsgpackOut.writeNil(out, pos, limit);
        return this;
    }

    @Override
    public ComponentWriter variant(int index) {
        WireType t = expect(false);
        if (!(t instanceof WireType.Enum e)) {
            throw mismatch(t, "variant");
        }
        if (index < 0 || index >= e.variants().size()) {
            throw new IllegalStateException("component " + schema.name() + ": no variant " + index);
        }
        WireType.Variant v = e.variants().get(index);
        String name = v.name();
        switch (v.shape()) {
            case UNIT -> pos = MsgpackOut.writeStr(out, pos, limit, name, MsgpackOut.utf8Length(name));
            case NEWTYPE -> {
                pos = MsgpackOut.writeMapHeader(out, pos, limit, 1);
                pos = MsgpackOut.writeStr(out, pos, limit, name, MsgpackOut.utf8Length(name));
                push(SINGLE, v.body(), 1);
            }
            case STRUCT -> {
                pos = MsgpackOut.writeMapHeader(out, pos, limit, 1);
                pos = MsgpackOut.writeStr(out, pos, limit, name, MsgpackOut.utf8Length(name));
                WireType.Struct body = (WireType.Struct) v.body();
                int n = body.fields().size();
                pos = MsgpackOut.writeArrayHeader(out, pos, limit, n);
                push(STRUCT, body, n);
            }
        }
        return this;
    }

    @Override
    public ComponentWriter sequence(int length) {
        WireType t = expect(false);
        if (!(t instanceof WireType.Seq s)) {
            throw mismatch(t, "sequence");
        }
        if (length < 0 || length > s.maxLength()) {
            throw new IllegalStateException("component " + schema.name() + ": sequence of " + length
                    + " elements, limit " + s.maxLength());
        }
        pos = MsgpackOut.writeArrayHeader(out, pos, limit, length);
        push(SEQ, s, length);
        return this;
    }

    @Override
    public void end() {
        if (schema == null || length >= 0) {
            throw new IllegalStateException("no component value is being written");
        }
        popFinished();
        if (depth > 0) {
            throw new IllegalStateException("component " + schema.name() + " is incomplete: a field is missing");
        }
        if (pos > limit) {
            throw new Overflow("component " + schema.name() + " needs " + (pos - start)
                    + " bytes, " + (limit - start) + " available");
        }
        length = pos - start;
    }

    /** The value does not fit between offset and limit (still a caller bug: buffers are sized for it). */
    static final class Overflow extends IllegalStateException {
        Overflow(String message) {
            super(message);
        }
    }
}
