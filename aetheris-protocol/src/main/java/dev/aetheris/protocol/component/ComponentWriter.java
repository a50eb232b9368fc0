package dev.aetheris.protocol.component;

/**
 * Writes one component value, field by field, in the order of its {@link ComponentSchema}
 * (depth-first through the {@link WireType} tree). The implementation belongs to a codec; the
 * caller (the world) never sees bytes.
 *
 * <p>Rules: an {@code Option} that is present is written as its inner value, an absent one with
 * {@link #none()}; a newtype is written as its inner value; an enum starts with {@link #variant}
 * followed by the variant's body, if any; a sequence starts with {@link #sequence} followed by its
 * elements. Unsigned values are passed in a {@code long} and must fit the schema's width.
 *
 * <p>Implementations are reused, allocate nothing, and are confined to one thread. Violating the
 * schema (wrong type, wrong count) raises {@link IllegalStateException}: that is a programming
 * error in the world, not bad input.
 */
public interface ComponentWriter {

    /** Writes a {@code bool} field. */
    ComponentWriter bool(boolean value);

    /** Writes an unsigned field of any width. */
    ComponentWriter uint(long value);

    /** Writes an {@code f32} field. */
    ComponentWriter f32(float value);

    /** Writes a string field. */
    ComponentWriter str(CharSequence value);

    /** Writes an absent {@code Option}. */
    ComponentWriter none();

    /** Starts an enum value with the variant at {@code index} of the schema's variant list. */
    ComponentWriter variant(int index);

    /** Starts a sequence of {@code length} elements. */
    ComponentWriter sequence(int length);

    /** Finishes the component; every field must have been written. */
    void end();
}
