package dev.aetheris.codec.compact;

/**
 * One field as codec v2 quantizes it. Immutable; safe to share between threads.
 *
 * <p>Quantized value {@code q} (unsigned, {@code bits} wide): for {@code F32} with a precision,
 * {@code q = clamp(round((v - min) / precision), 0, 2^bits - 1)} and {@code v' = min + q * precision};
 * for {@code F32} with precision 0, {@code q} is {@code Float.floatToRawIntBits(v)} (32 bits); for
 * integers {@code q = clamp((v - min) / precision)}; strings are not quantized ({@code bits} 0).
 *
 * @param type      how the field travels
 * @param bits      width of a quantized value, 0..64 (0 only for strings)
 * @param min       the value {@code q = 0} stands for
 * @param precision the step of one unit of {@code q} (0 = exact float)
 */
public record CompactField(CompactType type, int bits, double min, double precision) {

    /** @throws IllegalArgumentException for a width or step the type cannot use */
    public CompactField {
        if (bits < 0 || bits > 64 || (type == CompactType.STRING) != (bits == 0)) {
            throw new IllegalArgumentException(type + " cannot have " + bits + " bits");
        }
        if (!(precision >= 0) || !Double.isFinite(precision) || !Double.isFinite(min)
                || (type != CompactType.F32 && precision == 0 && type != CompactType.STRING)
                || (type == CompactType.F32 && precision == 0 && bits != 32)) {
            throw new IllegalArgumentException(type + " cannot have min " + min + " and precision " + precision);
        }
    }

    /** Largest quantized value. */
    public long maxQ() {
        return bits == 64 ? -1L : (1L << bits) - 1;
    }

    /** Quantizes a float value (clamped into range). */
    public long quantize(float v) {
        if (precision == 0) {
            return Float.floatToRawIntBits(v) & 0xffff_ffffL;
        }
        double steps = Math.rint((v - min) / precision);
        return steps <= 0 ? 0 : Math.min((long) steps, maxQ());
    }

    /** The float a quantized value stands for. */
    public float dequantizeFloat(long q) {
        return precision == 0 ? Float.intBitsToFloat((int) q) : (float) (min + q * precision);
    }

    /** Quantizes an integer value (unsigned for a 64-bit field; clamped into range). */
    public long quantize(long v) {
        if (bits == 64 && min == 0 && precision == 1) {
            return v;
        }
        long lo = (long) min;
        if (v <= lo) {
            return 0;
        }
        long q = precision == 1 ? v - lo : (long) Math.rint((v - lo) / precision);
        return Math.min(q, maxQ());
    }

    /** The integer a quantized value stands for. */
    public long dequantizeLong(long q) {
        if (bits == 64 && min == 0 && precision == 1) {
            return q;
        }
        return (long) min + (precision == 1 ? q : (long) Math.rint(q * precision));
    }
}
