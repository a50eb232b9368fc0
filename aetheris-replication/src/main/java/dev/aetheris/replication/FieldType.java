package dev.aetheris.replication;

/**
 * How a replicated field is stored and written. Each leaf of a component's wire layout is one
 * field; the store keeps one primitive column per field. Immutable; safe to share between threads.
 */
public enum FieldType {
    /** {@code bool}; a {@code long} column holding 0 or 1, written with {@code setBool}. */
    BOOL,
    /** Unsigned integer of the layout's width; a {@code long} column, written with {@code setLong}. */
    UINT,
    /** {@code f32}; a {@code float} column, written with {@code setFloat}; values must be finite. */
    F32,
    /**
     * A unit enum value, stored as its variant index in a {@code long} column and written with
     * {@code setLong}; only unit variants can be selected (a variant with a body has no column).
     */
    ENUM,
    /**
     * {@code Option<u64>} holding a network id: 0 means absent (network id 0 is never an entity),
     * any other value is present. A {@code long} column, written with {@code setLong}.
     */
    OPTIONAL_ID,
    /** A bounded UTF-8 string; a reference column, written with {@code setString}. */
    STRING;

    /** Whether values of this type live in the store's {@code long} columns. */
    public boolean isLong() {
        return this == BOOL || this == UINT || this == ENUM || this == OPTIONAL_ID;
    }
}
