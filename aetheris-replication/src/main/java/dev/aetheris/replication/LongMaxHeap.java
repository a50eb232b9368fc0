package dev.aetheris.replication;

/**
 * A max-heap laid over a {@code long[]} prefix, for taking the highest keys first without sorting
 * all of them (a send usually takes only a few of many candidates). Never allocates, unlike
 * {@code Arrays.sort}, which may allocate a merge buffer for partly ordered input.
 */
final class LongMaxHeap {
    private LongMaxHeap() {
    }

    /** Arranges {@code a[0, n)} as a heap. */
    static void heapify(long[] a, int n) {
        for (int i = n / 2 - 1; i >= 0; i--) {
            siftDown(a, i, n);
        }
    }

    /** Removes and returns the largest of the heap {@code a[0, n)}; the heap is then {@code a[0, n - 1)}. */
    static long pop(long[] a, int n) {
        long top = a[0];
        int size = n - 1;
        long v = a[size];
        // Bottom-up: the last key almost always belongs near the leaves, so walk the hole down
        // the larger children (one comparison per level) and then move the key up the little
        // it needs, instead of also comparing it with both children at every level.
        int i = 0;
        for (int child = 1; child < size; child = 2 * i + 1) {
            if (child + 1 < size && a[child + 1] > a[child]) {
                child++;
            }
            a[i] = a[child];
            i = child;
        }
        while (i > 0) {
            int parent = (i - 1) >>> 1;
            if (a[parent] >= v) {
                break;
            }
            a[i] = a[parent];
            i = parent;
        }
        a[i] = v;
        return top;
    }

    private static void siftDown(long[] a, int i, int n) {
        long v = a[i];
        while (true) {
            int child = 2 * i + 1;
            if (child >= n) {
                break;
            }
            if (child + 1 < n && a[child + 1] > a[child]) {
                child++;
            }
            if (a[child] <= v) {
                break;
            }
            a[i] = a[child];
            i = child;
        }
        a[i] = v;
    }
}
