package dev.aetheris.replication;

import java.util.Arrays;

/**
 * The entities an {@link EntityStore} removed since the engine last cleared it: network id, the
 * tick of the despawn and the room the entity was in, oldest first. The engine reads it to tell
 * clients that knew an entity that it is gone, then clears it.
 *
 * <p><b>Threading.</b> Not thread-safe; owned by its store, on the room's loop thread.
 *
 * <p><b>Allocation.</b> Grows (amortised) only when more entities despawn between two clears than
 * ever before; otherwise never allocates.
 */
public final class DespawnLog {
    private long[] ids = new long[64];
    private long[] ticks = new long[64];
    private long[] rooms = new long[64];
    private int[] indices = new int[64];
    private int count;

    DespawnLog() {
    }

    void add(long networkId, long tick, long room, int index) {
        if (count == ids.length) {
            int n = count * 2;
            ids = Arrays.copyOf(ids, n);
            ticks = Arrays.copyOf(ticks, n);
            rooms = Arrays.copyOf(rooms, n);
            indices = Arrays.copyOf(indices, n);
        }
        ids[count] = networkId;
        ticks[count] = tick;
        rooms[count] = room;
        indices[count] = index;
        count++;
    }

    /** The store index the despawned entity {@code networkId} had, or {@link EntityStore#NONE}. */
    int formerIndex(long networkId) {
        for (int i = count - 1; i >= 0; i--) {
            if (ids[i] == networkId) {
                return indices[i];
            }
        }
        return EntityStore.NONE;
    }

    /** Despawns logged since the last {@link #clear}. */
    public int size() {
        return count;
    }

    /** Network id of the {@code i}-th despawn. */
    public long networkId(int i) {
        return ids[check(i)];
    }

    /** Tick of the {@code i}-th despawn. */
    public long tick(int i) {
        return ticks[check(i)];
    }

    /** Room the {@code i}-th despawned entity was in (0 for none). */
    public long room(int i) {
        return rooms[check(i)];
    }

    /** Forgets every logged despawn (the engine does, once every client has been told). */
    public void clear() {
        count = 0;
    }

    private int check(int i) {
        if (i < 0 || i >= count) {
            throw new IndexOutOfBoundsException("despawn " + i + " of " + count);
        }
        return i;
    }
}
