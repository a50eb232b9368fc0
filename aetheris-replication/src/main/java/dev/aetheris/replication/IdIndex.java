package dev.aetheris.replication;

/**
 * Network id → store index, open addressing with linear probing, sized once for the store's
 * capacity (load factor at most one half) so it never grows. Removal shifts later entries of the
 * probe run back instead of leaving tombstones, so lookups stay short however many entities come
 * and go. Keys are non-zero (0 marks an empty slot). Not thread-safe.
 */
final class IdIndex {
    private final long[] ids;
    private final int[] indices;
    private final int mask;

    IdIndex(int capacity) {
        int slots = Integer.highestOneBit(Math.max(2, capacity) * 2 - 1) * 2;
        ids = new long[slots];
        indices = new int[slots];
        mask = slots - 1;
    }

    /** The index stored for {@code id}, or {@link EntityStore#NONE}. */
    int find(long id) {
        if (id == 0) {
            return EntityStore.NONE;
        }
        for (int s = home(id); ids[s] != 0; s = (s + 1) & mask) {
            if (ids[s] == id) {
                return indices[s];
            }
        }
        return EntityStore.NONE;
    }

    /** Stores {@code id → index}; the caller guarantees {@code id} is absent and non-zero. */
    void add(long id, int index) {
        int s = home(id);
        while (ids[s] != 0) {
            s = (s + 1) & mask;
        }
        ids[s] = id;
        indices[s] = index;
    }

    /** Forgets {@code id} if present. */
    void remove(long id) {
        int s = home(id);
        while (ids[s] != id) {
            if (ids[s] == 0) {
                return;
            }
            s = (s + 1) & mask;
        }
        // Close the gap: move back any later entry of the run whose home is not between gap and it.
        int gap = s;
        for (int next = (gap + 1) & mask; ids[next] != 0; next = (next + 1) & mask) {
            int h = home(ids[next]);
            boolean movable = gap <= next ? (h <= gap || h > next) : (h <= gap && h > next);
            if (movable) {
                ids[gap] = ids[next];
                indices[gap] = indices[next];
                gap = next;
            }
        }
        ids[gap] = 0;
    }

    private int home(long id) {
        long h = id * 0x9E3779B97F4A7C15L;
        return (int) (h ^ (h >>> 32)) & mask;
    }
}
