package dev.aetheris.replication;

import dev.aetheris.protocol.component.WireType;

/**
 * One replicated field: a leaf of a component's wire layout, with the range and precision a
 * compact codec may quantize it to. Immutable; safe to share between threads.
 *
 * <p>For {@link FieldType#F32} a precision of 0 means "exact": the value travels as a raw
 * {@code f32}. Otherwise a codec may send {@code round((value - min) / precision)} in
 * {@link #quantizedBits()} bits and clamp values outside {@code [min, max]}; the store itself does
 * not clamp (a value outside the declared range is the world's business, for example a wrap).
 *
 * @param handle    the field handle used by {@link EntityStore}'s accessors
 * @param component handle of the component it belongs to
 * @param name      its name inside the component ({@code x}, {@code hp}); a component whose
 *                  layout is not a struct has a single field called {@code value}
 * @param type      how it is stored
 * @param wire      the leaf's wire shape (for an enum: its variants)
 * @param min       smallest meaningful value
 * @param max       largest meaningful value
 * @param precision quantization step (0 = exact, for {@code F32} only; 1 for integers by default)
 */
public record ReplicatedField(int handle, int component, String name, FieldType type, WireType wire, double min,
                              double max, double precision) {

    /**
     * Bits a quantizing codec needs for one value: {@code ceil(log2(steps + 1))} with
     * {@code steps = (max - min) / precision}, 32 for an exact {@code f32}, 64 for an optional id
     * and 0 for a string (strings are sent as bytes).
     */
    public int quantizedBits() {
        return switch (type) {
            case STRING -> 0;
            case OPTIONAL_ID -> 64;
            case F32 -> precision == 0 ? 32 : bitsFor((max - min) / precision);
            case BOOL, UINT, ENUM -> bitsFor((max - min) / precision);
        };
    }

    private static int bitsFor(double steps) {
        double n = Math.ceil(steps);
        if (n >= 0x1p63) {
            return 64;
        }
        long v = (long) n;
        return v == 0 ? 1 : 64 - Long.numberOfLeadingZeros(v);
    }
}
