package dev.aetheris.codec;

import dev.aetheris.protocol.component.ComponentSchema;
import dev.aetheris.protocol.component.ComponentWriter;
import dev.aetheris.protocol.component.WireType;
import dev.aetheris.protocol.error.CodecError;
import dev.aetheris.protocol.error.CodecException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Generic, allocation-tolerant access to component payloads for tools and tests: a component value
 * is a tree of plain Java values shaped by its {@link ComponentSchema}.
 *
 * <table>
 * <caption>Value tree</caption>
 * <tr><th>{@link WireType}</th><th>Java value</th></tr>
 * <tr><td>Bool</td><td>{@code Boolean}</td></tr>
 * <tr><td>UInt</td><td>{@code Long} (u64 read as unsigned; other integral {@code Number}s accepted on encode)</td></tr>
 * <tr><td>F32</td><td>{@code Float} (any {@code Number} accepted on encode)</td></tr>
 * <tr><td>Str</td><td>{@code String}</td></tr>
 * <tr><td>Opt</td><td>{@code null} or the inner value</td></tr>
 * <tr><td>Seq</td><td>{@code List}</td></tr>
 * <tr><td>Struct</td><td>{@code Map<String, Object>} keyed by field name ({@code LinkedHashMap} in field order on decode)</td></tr>
 * <tr><td>Newtype</td><td>the inner value</td></tr>
 * <tr><td>Enum</td><td>{@link EnumValue}</td></tr>
 * </table>
 *
 * <p>Encoding goes through {@link MsgpackComponentWriter}, the writer the tick uses, so tools
 * produce exactly the bytes the server would. Decoding is as strict as {@link MsgpackCodec}.
 */
public final class ComponentValues {
    private ComponentValues() {
    }

    /**
     * Encodes {@code value} as {@code schema}'s payload.
     *
     * @throws CodecException with {@link CodecError.InvalidValue} if the tree does not fit the schema
     */
    public static byte[] encode(ComponentSchema schema, Object value) throws CodecException {
        MsgpackComponentWriter w = new MsgpackComponentWriter();
        int size = 256;
        while (true) {
            byte[] buf = new byte[size];
            w.reset(schema, buf, 0, size);
            try {
                write(schema.type(), value, w, schema.typeName());
                w.end();
                return Arrays.copyOf(buf, w.length());
            } catch (MsgpackComponentWriter.Overflow e) {
                if (size >= (1 << 24)) {
                    throw new CodecException(new CodecError.InvalidValue(e.getMessage()));
                }
                size *= 4; // tools have no size budget: retry with a larger buffer
            } catch (IllegalStateException e) {
                throw new CodecException(new CodecError.InvalidValue(e.getMessage()));
            } catch (ClassCastException | NullPointerException e) {
                throw new CodecException(new CodecError.InvalidValue(schema.name() + ": value of the wrong Java type ("
                        + e.getMessage() + ")"));
            }
        }
    }

    private static void write(WireType type, Object v, ComponentWriter w, String path) throws CodecException {
        switch (type) {
            case WireType.Bool b -> w.bool(require(v, Boolean.class, path));
            case WireType.UInt u -> {
                if (!(v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte)) {
                    throw bad(path, "an integer", v);
                }
                long x = ((Number) v).longValue();
                if (x < 0 && !(u.bits() == 64 && v instanceof Long)) {
                    throw new CodecException(new CodecError.InvalidValue(path + ": " + x + " is negative"));
                }
                w.uint(x);
            }
            case WireType.F32 f -> w.f32(require(v, Number.class, path).floatValue());
            case WireType.Str s -> w.str(require(v, String.class, path));
            case WireType.Opt o -> {
                if (v == null) {
                    w.none();
                } else {
                    write(o.inner(), v, w, path);
                }
            }
            case WireType.Seq s -> {
                List<?> list = require(v, List.class, path);
                w.sequence(list.size());
                for (int i = 0; i < list.size(); i++) {
                    write(s.element(), list.get(i), w, path + "[" + i + "]");
                }
            }
            case WireType.Struct s -> writeFields(s, require(v, Map.class, path), w, path);
            case WireType.Newtype n -> write(n.inner(), v, w, path);
            case WireType.Enum e -> {
                EnumValue ev = require(v, EnumValue.class, path);
                int index = e.indexOf(ev.variant());
                if (index < 0) {
                    throw new CodecException(new CodecError.InvalidValue(path + ": unknown variant '" + ev.variant()
                            + "'"));
                }
                WireType.Variant variant = e.variants().get(index);
                w.variant(index);
                switch (variant.shape()) {
                    case UNIT -> {
                        if (ev.body() != null) {
                            throw new CodecException(new CodecError.InvalidValue(path + ": unit variant "
                                    + ev.variant() + " has no body"));
                        }
                    }
                    case NEWTYPE -> write(variant.body(), ev.body(), w, path + "." + ev.variant());
                    case STRUCT -> writeFields((WireType.Struct) variant.body(),
                            require(ev.body(), Map.class, path + "." + ev.variant()), w, path + "." + ev.variant());
                }
            }
        }
    }

    private static void writeFields(WireType.Struct s, Map<?, ?> map, ComponentWriter w, String path)
            throws CodecException {
        for (Object key : map.keySet()) {
            if (s.fields().stream().noneMatch(f -> f.name().equals(key))) {
                throw new CodecException(new CodecError.InvalidValue(path + ": unknown field '" + key + "'"));
            }
        }
        for (WireType.Field f : s.fields()) {
            if (!map.containsKey(f.name())) {
                throw new CodecException(new CodecError.InvalidValue(path + ": missing field '" + f.name() + "'"));
            }
            write(f.type(), map.get(f.name()), w, path + "." + f.name());
        }
    }

    private static <T> T require(Object v, Class<T> type, String path) throws CodecException {
        if (!type.isInstance(v)) {
            throw bad(path, type.getSimpleName(), v);
        }
        return type.cast(v);
    }

    private static CodecException bad(String path, String expected, Object v) {
        return new CodecException(new CodecError.InvalidValue(path + ": expected " + expected + ", got "
                + (v == null ? "null" : v.getClass().getSimpleName())));
    }

    /** Decodes a whole payload strictly (no trailing bytes). */
    public static Object decode(ComponentSchema schema, byte[] bytes) throws CodecException {
        return decode(schema, bytes, 0, bytes == null ? 0 : bytes.length);
    }

    /** Decodes {@code in[offset, offset+length)} strictly; error offsets count from {@code offset}. */
    public static Object decode(ComponentSchema schema, byte[] in, int offset, int length) throws CodecException {
        MsgpackIn r = MsgpackIn.of(in, offset, length);
        Object value = read(schema.type(), r, schema.typeName());
        r.expectEnd();
        return value;
    }

    private static Object read(WireType type, MsgpackIn r, String what) throws CodecException {
        return switch (type) {
            case WireType.Bool b -> r.readBool(what);
            case WireType.UInt u -> r.readUInt(u.bits(), what);
            case WireType.F32 f -> r.readF32(what);
            case WireType.Str s -> r.readStr(s.maxBytes(), what);
            case WireType.Opt o -> r.tryNil() ? null : read(o.inner(), r, what);
            case WireType.Seq s -> {
                int at = r.offset();
                int n = r.readArrayHeader(what);
                if (n > s.maxLength()) {
                    throw r.failAt(at, what + " has " + n + " elements, over the limit of " + s.maxLength());
                }
                List<Object> list = new ArrayList<>(n);
                for (int i = 0; i < n; i++) {
                    list.add(read(s.element(), r, what));
                }
                yield list;
            }
            case WireType.Struct s -> readFields(s, r, what);
            case WireType.Newtype n -> read(n.inner(), r, what);
            case WireType.Enum e -> {
                int count = e.variants().size();
                String[] names = new String[count];
                byte[][] utf8 = new byte[count][];
                boolean[] unit = new boolean[count];
                for (int i = 0; i < count; i++) {
                    WireType.Variant v = e.variants().get(i);
                    names[i] = v.name();
                    utf8[i] = v.name().getBytes(StandardCharsets.UTF_8);
                    unit[i] = v.shape() == WireType.Variant.Shape.UNIT;
                }
                int index = r.readVariant(utf8, names, unit, what);
                WireType.Variant v = e.variants().get(index);
                yield switch (v.shape()) {
                    case UNIT -> EnumValue.unit(v.name());
                    case NEWTYPE -> new EnumValue(v.name(), read(v.body(), r, v.name()));
                    case STRUCT -> new EnumValue(v.name(), readFields((WireType.Struct) v.body(), r, v.name()));
                };
            }
        };
    }

    private static Map<String, Object> readFields(WireType.Struct s, MsgpackIn r, String what) throws CodecException {
        r.readStruct(s.fields().size(), what);
        Map<String, Object> map = new LinkedHashMap<>();
        for (WireType.Field f : s.fields()) {
            map.put(f.name(), read(f.type(), r, f.name()));
        }
        return map;
    }
}
