package dev.aetheris.protocol.util;

import java.util.Arrays;
import java.util.function.LongConsumer;

/**
 * An open-addressing hash map from non-zero {@code long} keys (client and entity ids, where 0 is
 * reserved) to objects. Lookups, updates and removals allocate nothing, unlike a
 * {@code HashMap<Long, V>} which boxes every key; the table grows (allocating) only when it
 * fills past 50 %.
 *
 * <p>Iterate without allocation with {@link #capacity()}, {@link #keyAt(int)} and {@link #valueAt(int)}:
 * slots whose key is 0 are empty. Not thread-safe.
 *
 * @param <V> value type
 */
public final class LongMap<V> {
    private long[] keys;
    private Object[] values;
    private int size;
    private int mask;

    /** An empty map with room for a few entries. */
    public LongMap() {
        this(16);
    }

    /** @param expected entries to hold without growing */
    public LongMap(int expected) {
        int cap = Integer.highestOneBit(Math.max(4, expected * 2 - 1)) << 1;
        keys = new long[cap];
        values = new Object[cap];
        mask = cap - 1;
    }

    /** Number of entries. */
    public int size() {
        return size;
    }

    /** Whether there are no entries. */
    public boolean isEmpty() {
        return size == 0;
    }

    /** The value for {@code key}, or {@code null}. */
    @SuppressWarnings("unchecked")
    public V get(long key) {
        int i = find(key);
        return i < 0 ? null : (V) values[i];
    }

    /** Whether {@code key} has a value. */
    public boolean containsKey(long key) {
        return find(key) >= 0;
    }

    /**
     * Associates {@code value} with {@code key}.
     *
     * @return the previous value, or {@code null}
     * @throws IllegalArgumentException if {@code key} is 0 (reserved) or value is null
     */
    @SuppressWarnings("unchecked")
    public V put(long key, V value) {
        if (key == 0) {
            throw new IllegalArgumentException("key 0 is reserved");
        }
        if (value == null) {
            throw new IllegalArgumentException("null values are not supported");
        }
        int i = slot(key);
        while (keys[i] != 0) {
            if (keys[i] == key) {
                V old = (V) values[i];
                values[i] = value;
                return old;
            }
            i = (i + 1) & mask;
        }
        keys[i] = key;
        values[i] = value;
        if (++size * 2 > keys.length) {
            grow();
        }
        return null;
    }

    /** Removes {@code key}. @return its value, or {@code null} */
    @SuppressWarnings("unchecked")
    public V remove(long key) {
        int i = find(key);
        if (i < 0) {
            return null;
        }
        V old = (V) values[i];
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
        values[gap] = null;
        size--;
        return old;
    }

    /** Removes every entry, keeping the table. */
    public void clear() {
        Arrays.fill(keys, 0);
        Arrays.fill(values, null);
        size = 0;
    }

    /** Number of slots, for allocation-free iteration. */
    public int capacity() {
        return keys.length;
    }

    /** The key in slot {@code i}, 0 if empty. */
    public long keyAt(int i) {
        return keys[i];
    }

    /** The value in slot {@code i}, {@code null} if empty. */
    @SuppressWarnings("unchecked")
    public V valueAt(int i) {
        return (V) values[i];
    }

    /** Calls {@code action} with every key (convenience; captures allocate, so not for hot paths). */
    public void forEachKey(LongConsumer action) {
        for (long k : keys.clone()) {
            if (k != 0) {
                action.accept(k);
            }
        }
    }

    private int find(long key) {
        if (key == 0) {
            return -1;
        }
        int i = slot(key);
        while (keys[i] != 0) {
            if (keys[i] == key) {
                return i;
            }
            i = (i + 1) & mask;
        }
        return -1;
    }

    private int slot(long key) {
        long h = key * 0x9E3779B97F4A7C15L;
        return (int) (h ^ (h >>> 32)) & mask;
    }

    private void grow() {
        long[] oldKeys = keys;
        Object[] oldValues = values;
        keys = new long[oldKeys.length * 2];
        values = new Object[oldKeys.length * 2];
        mask = keys.length - 1;
        size = 0;
        for (int i = 0; i < oldKeys.length; i++) {
            if (oldKeys[i] != 0) {
                int j = slot(oldKeys[i]);
                while (keys[j] != 0) {
                    j = (j + 1) & mask;
                }
                keys[j] = oldKeys[i];
                values[j] = oldValues[i];
                size++;
            }
        }
    }
}
