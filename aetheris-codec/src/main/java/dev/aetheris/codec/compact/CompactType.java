package dev.aetheris.codec.compact;

/**
 * How a field travels in codec v2; the code is the byte the schema message carries. Immutable.
 */
public enum CompactType {
    /** 0 or 1, in 1 bit. */
    BOOL(0),
    /** An unsigned integer, {@code value - min} in {@code bits} bits (clamped). */
    UINT(1),
    /** A float: {@code round((value - min) / precision)} in {@code bits} bits, or its raw IEEE bits when precision is 0. */
    F32(2),
    /** A unit enum's variant index. */
    ENUM(3),
    /** An optional network id, 0 = absent, in 64 bits. */
    OPTIONAL_ID(4),
    /** A UTF-8 string: byte length then bytes. */
    STRING(5);

    private final int code;

    CompactType(int code) {
        this.code = code;
    }

    /** The schema message's byte for this type. */
    public int code() {
        return code;
    }

    /** The type for a schema byte, or {@code null} if the byte names none. */
    public static CompactType ofCode(int code) {
        return switch (code) {
            case 0 -> BOOL;
            case 1 -> UINT;
            case 2 -> F32;
            case 3 -> ENUM;
            case 4 -> OPTIONAL_ID;
            case 5 -> STRING;
            default -> null;
        };
    }
}
