package dev.aetheris.server.tick;

import java.util.Arrays;

/** A growable list of longs (client ids) that keeps its storage when cleared. */
final class LongList {
    long[] items = new long[16];
    int size;

    void add(long v) {
        if (size == items.length) {
            items = Arrays.copyOf(items, size * 2);
        }
        items[size++] = v;
    }

    void clear() {
        size = 0;
    }
}
