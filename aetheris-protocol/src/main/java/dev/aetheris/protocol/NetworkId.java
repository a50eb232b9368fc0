package dev.aetheris.protocol;

/**
 * A server-assigned entity id, stable for the entity's whole life and the same on every client.
 * Zero is never a valid entity; ids below {@link #MIN_DYNAMIC} are reserved for static world
 * infrastructure. Unsigned 64-bit on the wire.
 *
 * @param value the id, never 0
 */
public record NetworkId(long value) {
    /** The null entity: never allocated, never valid. */
    public static final long NONE = 0L;
    /** The first id the {@link NetworkIdAllocator} hands out by default. */
    public static final long MIN_DYNAMIC = 100L;

    /**
     * @throws IllegalArgumentException if {@code value} is 0
     */
    public NetworkId {
        if (value == NONE) {
            throw new IllegalArgumentException("NetworkId 0 is never a valid entity");
        }
    }

    @Override
    public String toString() {
        return "NetworkId(" + Long.toUnsignedString(value) + ")";
    }
}
