package dev.aetheris.protocol.component;

import java.util.List;

/**
 * The shape of a value inside a component payload, in serde's data model (which is what upstream
 * clients serialize). A codec turns a shape into bytes; the world only ever sees the shape, so
 * components are defined once and no game code depends on a wire format.
 */
public sealed interface WireType {

    /** {@code bool}. */
    record Bool() implements WireType {
    }

    /** Unsigned integer of {@code bits} width (8, 16, 32 or 64). @param bits width */
    record UInt(int bits) implements WireType {
        /** @throws IllegalArgumentException for widths other than 8, 16, 32, 64 */
        public UInt {
            if (bits != 8 && bits != 16 && bits != 32 && bits != 64) {
                throw new IllegalArgumentException("unsigned width must be 8, 16, 32 or 64, got " + bits);
            }
        }

        /** Largest value (as unsigned) this width holds; −1 for 64 bits, meaning 2^64−1. */
        public long max() {
            return bits == 64 ? -1L : (1L << bits) - 1;
        }
    }

    /** IEEE-754 single precision; must be finite where the schema is used for input. */
    record F32() implements WireType {
    }

    /** UTF-8 string of at most {@code maxBytes} bytes. @param maxBytes the limit */
    record Str(int maxBytes) implements WireType {
    }

    /** {@code Option<T>}: absent or the inner value. @param inner the present value's shape */
    record Opt(WireType inner) implements WireType {
    }

    /** {@code Vec<T>} of at most {@code maxLength} elements. @param element shape @param maxLength limit */
    record Seq(WireType element, int maxLength) implements WireType {
    }

    /** A struct: its fields in declaration order. @param fields the fields */
    record Struct(List<Field> fields) implements WireType {
        /** Copies the list. */
        public Struct {
            fields = List.copyOf(fields);
        }
    }

    /**
     * A newtype struct, transparent on the wire (e.g. {@code RoomMembership(NetworkId)}).
     *
     * @param inner the wrapped value's shape
     */
    record Newtype(WireType inner) implements WireType {
    }

    /** An enum; variants are identified by name on the wire. @param variants the variants */
    record Enum(List<Variant> variants) implements WireType {
        /** Copies the list. */
        public Enum {
            variants = List.copyOf(variants);
        }

        /** Index of the variant called {@code name}, or −1. */
        public int indexOf(String name) {
            for (int i = 0; i < variants.size(); i++) {
                if (variants.get(i).name().equals(name)) {
                    return i;
                }
            }
            return -1;
        }
    }

    /**
     * A named field.
     *
     * @param name snake_case name as in the upstream struct
     * @param type shape
     */
    record Field(String name, WireType type) {
    }

    /**
     * An enum variant.
     *
     * @param name  upstream variant name (case-sensitive)
     * @param shape unit, newtype or struct
     * @param body  {@code null} for unit variants; the wrapped shape for newtype variants; a
     *              {@link Struct} for struct variants
     */
    record Variant(String name, Shape shape, WireType body) {
        /** The three variant forms serde distinguishes. */
        public enum Shape { UNIT, NEWTYPE, STRUCT }

        /** A unit variant such as {@code FirePrimary}. */
        public static Variant unit(String name) {
            return new Variant(name, Shape.UNIT, null);
        }

        /** A newtype variant such as {@code Permission(String)}. */
        public static Variant newtype(String name, WireType inner) {
            return new Variant(name, Shape.NEWTYPE, inner);
        }

        /** A struct variant such as {@code Move{x, y}}. */
        public static Variant struct(String name, Field... fields) {
            return new Variant(name, Shape.STRUCT, new Struct(List.of(fields)));
        }
    }
}
