package dev.aetheris.protocol;

/**
 * The type tag of a replicated component: an unsigned 16-bit number. Ranges follow upstream:
 * 0–1023 engine core (128 is the inbound {@code InputCommand}), 1024–2047 official extensions,
 * 2048–32767 application, 32768+ reserved for non-replicated data.
 *
 * @param value 0..65535
 */
public record ComponentKind(int value) {
    /** Largest valid kind. */
    public static final int MAX = 0xFFFF;

    /**
     * @throws IllegalArgumentException if {@code value} is outside 0..65535
     */
    public ComponentKind {
        if (value < 0 || value > MAX) {
            throw new IllegalArgumentException("ComponentKind must be 0..65535, got " + value);
        }
    }
}
