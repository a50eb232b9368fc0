package dev.aetheris.protocol;

/**
 * A connection's identity, assigned by the transport when a client connects and never sent on the
 * wire. Zero is reserved: decoders leave it unset and it never names a real client.
 *
 * <p>Hot paths carry the raw {@code long}; this record is for APIs where a type makes intent clear.
 *
 * @param value the transport-assigned id, never 0
 */
public record ClientId(long value) {
    /** The reserved "no client" value. */
    public static final long NONE = 0L;

    /**
     * @throws IllegalArgumentException if {@code value} is 0
     */
    public ClientId {
        if (value == NONE) {
            throw new IllegalArgumentException("ClientId 0 is reserved and never names a client");
        }
    }

    @Override
    public String toString() {
        return "ClientId(" + Long.toUnsignedString(value) + ")";
    }
}
