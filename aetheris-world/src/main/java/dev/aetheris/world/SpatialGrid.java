package dev.aetheris.world;

import dev.aetheris.replication.EntityStore;
import java.util.Arrays;

/**
 * A uniform grid over a room's rectangle, rebuilt in O(N) from the store's positions and queried by
 * circle: every proximity question of the world (auto-aim, projectile hits, cargo pickup, AI
 * aggro, interest management) goes through it instead of an all-pairs scan. Cells hold intrusive
 * singly linked lists ({@code head} per cell, {@code next} per entity), so rebuilding allocates
 * nothing. Distances are Euclidean inside the rectangle (no wrap-around), as upstream.
 */
final class SpatialGrid {
    private final float minX;
    private final float minY;
    private final float invCell;
    private final int cellsX;
    private final int cellsY;
    private final int[] head;
    private final int[] next;
    private EntityStore store;

    SpatialGrid(float minX, float minY, float maxX, float maxY, float cellSize, int capacity) {
        this.minX = minX;
        this.minY = minY;
        this.invCell = 1f / cellSize;
        this.cellsX = Math.max(1, (int) Math.ceil((maxX - minX) / cellSize));
        this.cellsY = Math.max(1, (int) Math.ceil((maxY - minY) / cellSize));
        this.head = new int[cellsX * cellsY];
        this.next = new int[capacity];
        Arrays.fill(head, -1);
    }

    int cellsX() {
        return cellsX;
    }

    int cellsY() {
        return cellsY;
    }

    /** Indexes every live entity of {@code store} whose kind is not 0 (the room entity is kind 0). */
    void rebuild(EntityStore store) {
        this.store = store;
        Arrays.fill(head, -1);
        int high = store.highWater();
        for (int i = 0; i < high; i++) {
            if (store.isAlive(i) && store.kind(i) != 0) {
                int c = cell(store.x(i), store.y(i));
                next[i] = head[c];
                head[c] = i;
            }
        }
    }

    /**
     * Writes into {@code out} the indices within {@code radius} of ({@code cx}, {@code cy}).
     *
     * @return how many were written (at most {@code out.length})
     */
    int query(float cx, float cy, float radius, int[] out) {
        int x0 = clampX((int) Math.floor((cx - radius - minX) * invCell));
        int x1 = clampX((int) Math.floor((cx + radius - minX) * invCell));
        int y0 = clampY((int) Math.floor((cy - radius - minY) * invCell));
        int y1 = clampY((int) Math.floor((cy + radius - minY) * invCell));
        float r2 = radius * radius;
        int n = 0;
        for (int gy = y0; gy <= y1; gy++) {
            int row = gy * cellsX;
            for (int gx = x0; gx <= x1; gx++) {
                for (int i = head[row + gx]; i >= 0; i = next[i]) {
                    float dx = store.x(i) - cx;
                    float dy = store.y(i) - cy;
                    if (dx * dx + dy * dy <= r2) {
                        if (n == out.length) {
                            return n;
                        }
                        out[n++] = i;
                    }
                }
            }
        }
        return n;
    }

    private int cell(float x, float y) {
        return clampY((int) Math.floor((y - minY) * invCell)) * cellsX + clampX((int) Math.floor((x - minX) * invCell));
    }

    private int clampX(int v) {
        return v < 0 ? 0 : (v >= cellsX ? cellsX - 1 : v);
    }

    private int clampY(int v) {
        return v < 0 ? 0 : (v >= cellsY ? cellsY - 1 : v);
    }
}
