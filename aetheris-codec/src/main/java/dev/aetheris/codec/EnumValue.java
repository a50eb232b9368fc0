package dev.aetheris.codec;

/**
 * An enum value in the generic value tree of {@link ComponentValues}.
 *
 * @param variant the upstream variant name (case-sensitive)
 * @param body    {@code null} for a unit variant; the inner value for a newtype variant; a
 *                {@code Map<String, Object>} of fields for a struct variant
 */
public record EnumValue(String variant, Object body) {
    /** A unit variant. */
    public static EnumValue unit(String variant) {
        return new EnumValue(variant, null);
    }
}
