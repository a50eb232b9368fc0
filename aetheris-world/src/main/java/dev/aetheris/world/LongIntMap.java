package dev.aetheris.world;

import java.util.Arrays;

/**
 * Fixed-capacity open-addressing map from non-zero {@code long} keys (network ids) to {@code int}
 * values (dense indices). Sized once for the world's cap, so it never grows and never allocates
 * after construction; no boxing.
 */
final class LongIntMap {
    static final int MISSING = -1;

    private final long[] keys;
    private final int[] values;
    private final int mask;
    private int size;

    LongIntMap(int maxEntries) {
        int cap = Integer.highestOneBit(Math.max(4, maxEntries) * 2 - 1) << 1;
        keys = new long[cap];
        values = new int[cap];
        mask = cap - 1;
    }

    int size() {
        return size;
    }

    int get(long key) {
        if (key == 0) {
            return MISSING;
        }
        int i = slot(key);
        while (keys[i] != 0) {
            if (keys[i] == key) {
                return values[i];
            }
            i = (i + 1) & mask;
        }
        return MISSING;
    }

    void put(long key, int value) {
        int i = slot(key);
        while (keys[i] != 0) {
            if (keys[i] == key) {
                values[i] = value;
                return;
            }
            i = (i + 1) & mask;
        }
        if ((size + 1) * 2 > keys.length) {
            // Cannot happen while callers respect the cap the map was sized for.
            throw new IllegalStateException("LongIntMap is full at " + size + " entries");
        }
        keys[i] = key;
        values[i] = value;
        size++;
    }

    void remove(long key) {
        if (key == 0) {
            return;
        }
        int i = slot(key);
        while (keys[i] != 0 && keys[i] != key) {
            i = (i + 1) & mask;
        }
        if (keys[i] == 0) {
            return;
        }
        // Backward-shift deletion keeps probe chains intact without tombstones.
        int gap = i;
        int j = (i + 1) & mask;
        while (keys[j] != 0) {
            int home = slot(keys[j]);
            if (((j - home) & mask) >= ((j - gap) & mask)) {
                keys[gap] = keys[j];
                values[gap] = values[j];
                gap = j;
            }
            j = (j + 1) & mask;
        }
        keys[gap] = 0;
        size--;
    }

    void clear() {
        Arrays.fill(keys, 0);
        size = 0;
    }

    private int slot(long key) {
        long h = key * 0x9E3779B97F4A7C15L;
        return (int) (h ^ (h >>> 32)) & mask;
    }
}
