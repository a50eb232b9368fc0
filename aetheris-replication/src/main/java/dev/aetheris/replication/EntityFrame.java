package dev.aetheris.replication;

/**
 * What the per-client passes of one send read about each entity, copied out of the store once
 * per send and interleaved: network id, room, change tick, position, components, owner and the
 * components changed since the previous send to the send's clients share one 64-byte slot per store index. Every
 * client walks its known entities in its own order, so each entity-view is a random access;
 * reading one slot instead of a store column per value makes it one cache line instead of many. Room-global flags are a bit set (a few hundred bytes, always cached).
 *
 * <p>Not thread-safe; allocation-free after construction.
 */
final class EntityFrame {
    private static final int STRIDE = 8;

    /**
     * Per index: network id (0 = free), room, change tick, x and y float bits in one long,
     * component mask, owner, components changed since the previous send.
     */
    private final long[] slots;
    private final long[] globalBits;
    private final long everyoneMask;
    private int highWater;
    /** Live entities at the latest rebuild that are not room-global. */
    private int local;
    /** Live entities at the latest rebuild with an owner and components only their owner may see. */
    private int ownerOnly;
    /** The tick {@link #changedSincePrevious} is relative to: the previous send to this send's clients. */
    private long since = Long.MIN_VALUE;

    /** @param everyoneMask the components every client may see (the others only the entity's owner) */
    EntityFrame(int capacity, long everyoneMask) {
        this.everyoneMask = everyoneMask;
        slots = new long[capacity * STRIDE];
        globalBits = new long[(capacity + 63) >>> 6];
    }

    /**
     * Copies the store's current state, with the components changed after tick {@code changedAfter}
     * (the previous send to this send's clients; {@code Long.MIN_VALUE}: all); indices at or above
     * the store's high-water mark read as free.
     */
    void rebuild(EntityStore store, long changedAfter) {
        int high = store.highWater();
        since = changedAfter;
        int components = store.schema().componentCount();
        local = 0;
        ownerOnly = 0;
        for (int e = 0; e < high; e++) {
            int s = e * STRIDE;
            long id = store.networkId(e);
            slots[s] = id;
            if (id == 0) {
                continue;
            }
            long changeTick = store.changeTick(e);
            slots[s + 1] = store.room(e);
            slots[s + 2] = changeTick;
            slots[s + 3] = pack(store.x(e), store.y(e));
            long mask = store.componentMask(e);
            slots[s + 4] = mask;
            long owner = store.owner(e);
            slots[s + 5] = owner;
            if (owner != 0 && (mask & ~everyoneMask) != 0) {
                ownerOnly++;
            }
            long changed = 0;
            if (changeTick > since) {
                for (int c = 0; c < components; c++) {
                    if (store.componentChangeTick(e, c) > since) {
                        changed |= 1L << c;
                    }
                }
            }
            slots[s + 6] = changed;
            long bit = 1L << e;
            if (store.isGlobal(e)) {
                globalBits[e >>> 6] |= bit;
            } else {
                globalBits[e >>> 6] &= ~bit;
                local++;
            }
        }
        for (int e = high; e < highWater; e++) {
            slots[e * STRIDE] = 0;
        }
        highWater = high;
    }

    /**
     * Whether every live entity at the latest rebuild is room-global and none has components only
     * its owner may see: then what a client may see depends on its room alone, not on where it
     * is or which entities it owns.
     */
    boolean sameForEveryClientInARoom() {
        return local == 0 && ownerOnly == 0;
    }

    /** The tick changes are relative to ({@code Long.MIN_VALUE}: none before, so everything changed). */
    long changedSinceTick() {
        return since;
    }

    /** The entity's network id at the send's start; 0 if the index was free. */
    long networkId(int e) {
        return slots[e * STRIDE];
    }

    long room(int e) {
        return slots[e * STRIDE + 1];
    }

    long changeTick(int e) {
        return slots[e * STRIDE + 2];
    }

    float x(int e) {
        return Float.intBitsToFloat((int) (slots[e * STRIDE + 3] >>> 32));
    }

    float y(int e) {
        return Float.intBitsToFloat((int) slots[e * STRIDE + 3]);
    }

    long componentMask(int e) {
        return slots[e * STRIDE + 4];
    }

    long owner(int e) {
        return slots[e * STRIDE + 5];
    }

    /** Components whose fields changed after {@link #changedSinceTick} (all of them on a first send). */
    long changedSincePrevious(int e) {
        return slots[e * STRIDE + 6];
    }

    boolean isGlobal(int e) {
        return (globalBits[e >>> 6] & (1L << e)) != 0;
    }

    private static long pack(float x, float y) {
        return ((long) Float.floatToRawIntBits(x) << 32) | (Float.floatToRawIntBits(y) & 0xffff_ffffL);
    }
}
