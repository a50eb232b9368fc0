package dev.aetheris.server.tick;

import java.util.Arrays;

/** A growable list of ints that keeps its storage when cleared. */
final class IntList {
    int[] items = new int[64];
    int size;

    void add(int v) {
        if (size == items.length) {
            items = Arrays.copyOf(items, size * 2);
        }
        items[size++] = v;
    }

    void clear() {
        size = 0;
    }
}
