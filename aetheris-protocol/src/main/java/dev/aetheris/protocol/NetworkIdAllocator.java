package dev.aetheris.protocol;

/**
 * Hands out {@link NetworkId} values for one server's life: strictly increasing, never 0, never
 * reused — not after a despawn and not after ClearWorld (upstream's {@code reset()} could re-issue
 * live ids; this class has no reset on purpose).
 *
 * <p>Not thread-safe: owned by the room loop that spawns entities.
 */
public final class NetworkIdAllocator {
    private final long last;
    private long next;

    /** Starts at {@link NetworkId#MIN_DYNAMIC} and may use every id up to 2^64−1 (unsigned). */
    public NetworkIdAllocator() {
        this(NetworkId.MIN_DYNAMIC, -1L);
    }

    /**
     * @param first first id to hand out (unsigned, must not be 0)
     * @param last  last id to hand out (unsigned, inclusive); {@code -1L} means 2^64−1
     * @throws IllegalArgumentException if {@code first} is 0 or {@code first > last} (unsigned)
     */
    public NetworkIdAllocator(long first, long last) {
        if (first == NetworkId.NONE) {
            throw new IllegalArgumentException("the first NetworkId must not be 0");
        }
        if (Long.compareUnsigned(first, last) > 0) {
            throw new IllegalArgumentException("first id " + Long.toUnsignedString(first)
                    + " is past the last id " + Long.toUnsignedString(last));
        }
        this.next = first;
        this.last = last;
    }

    /**
     * Returns a fresh id.
     *
     * @throws IllegalStateException when every id in the range has been used; the server must be
     *                               restarted (ids are never recycled)
     */
    public long allocate() {
        if (next == NetworkId.NONE) {
            throw new IllegalStateException("NetworkId space exhausted: all ids up to "
                    + Long.toUnsignedString(last) + " were used; ids are never reused, restart the room");
        }
        long id = next;
        // After handing out `last`, park on 0 (reserved) so the next call fails.
        next = (id == last) ? NetworkId.NONE : id + 1;
        return id;
    }

    /** How many ids are still available (saturates at {@link Long#MAX_VALUE}). */
    public long remaining() {
        if (next == NetworkId.NONE) {
            return 0;
        }
        long r = last - next + 1;
        return (r <= 0) ? Long.MAX_VALUE : r;
    }
}
