package dev.aetheris.replication;

import java.util.Arrays;

/**
 * A uniform grid over the store's positions, rebuilt once per send by counting sort (O(entities),
 * no per-cell lists to maintain). Cells are hashed into a fixed table, so the world needs no
 * declared bounds; two cells sharing a bucket only add candidates, which the query filters by
 * distance. Each entry carries its position, so a query reads its cells' runs in order instead
 * of the store's position columns at random. Also collects the room-global entities. Not
 * thread-safe; allocation-free after construction.
 */
final class InterestGrid {
    private final float cellSize;
    private final int mask;
    private final int[] start;
    private final int[] entries;
    private final float[] entryX;
    private final float[] entryY;
    private final int[] bucketOf;
    private final int[] globals;
    private int globalCount;
    private final int[] visited = new int[25];

    InterestGrid(int capacity, float cellSize) {
        this.cellSize = cellSize;
        int buckets = Integer.highestOneBit(Math.max(16, capacity) * 2 - 1);
        mask = buckets - 1;
        start = new int[buckets + 1];
        entries = new int[capacity];
        entryX = new float[capacity];
        entryY = new float[capacity];
        bucketOf = new int[capacity];
        globals = new int[capacity];
    }

    void rebuild(EntityStore store) {
        Arrays.fill(start, 0);
        globalCount = 0;
        int total = 0;
        int high = store.highWater();
        for (int e = 0; e < high; e++) {
            if (!store.isAlive(e)) {
                bucketOf[e] = -1;
                continue;
            }
            int b = bucket(cell(store.x(e)), cell(store.y(e)));
            bucketOf[e] = b;
            start[b + 1]++;
            total++;
            if (store.isGlobal(e)) {
                globals[globalCount++] = e;
            }
        }
        for (int b = 0; b <= mask; b++) {
            start[b + 1] += start[b];
        }
        // Place back to front so each bucket's run ends up in index order.
        for (int e = high - 1; e >= 0; e--) {
            int b = bucketOf[e];
            if (b >= 0) {
                int i = --start[b + 1];
                entries[i] = e;
                entryX[i] = store.x(e);
                entryY[i] = store.y(e);
            }
        }
        // start[b + 1] now holds the first entry of bucket b; shift back into start[b].
        System.arraycopy(start, 1, start, 0, mask + 1);
        start[mask + 1] = total;
    }

    /**
     * Writes into {@code out} the entities within distance {@code r} of (x, y), each once, and
     * returns how many. Within means {@code dx * dx + dy * dy <= r * r} in float arithmetic, the
     * same test the replicator applies. {@code r} must not exceed twice the cell size.
     */
    int query(float x, float y, float r, int[] out) {
        float r2 = r * r;
        int x0 = cell(x - r);
        int x1 = cell(x + r);
        int y0 = cell(y - r);
        int y1 = cell(y + r);
        int seen = 0;
        int n = 0;
        for (int cy = y0; cy <= y1; cy++) {
            for (int cx = x0; cx <= x1; cx++) {
                int b = bucket(cx, cy);
                if (contains(visited, seen, b)) {
                    continue; // Two cells hashed to one bucket: its entities are already in.
                }
                visited[seen++] = b;
                for (int i = start[b], end = start[b + 1]; i < end; i++) {
                    float dx = entryX[i] - x;
                    float dy = entryY[i] - y;
                    if (dx * dx + dy * dy <= r2) {
                        out[n++] = entries[i];
                    }
                }
            }
        }
        return n;
    }

    int globalCount() {
        return globalCount;
    }

    int global(int i) {
        return globals[i];
    }

    private static boolean contains(int[] a, int n, int v) {
        for (int i = 0; i < n; i++) {
            if (a[i] == v) {
                return true;
            }
        }
        return false;
    }

    private int cell(float v) {
        return (int) Math.floor(v / cellSize);
    }

    private int bucket(int cx, int cy) {
        int h = cx * 0x9E3779B1 ^ cy * 0x85EBCA77;
        return (h ^ (h >>> 15)) & mask;
    }
}
