package dev.aetheris.world;

import dev.aetheris.protocol.component.EntityKinds;
import java.util.Arrays;

/**
 * The respawn system for the world's own entities: depleted or destroyed asteroids come back where
 * they were with their full ore, and the world's AI interceptors and training dummies (owner 0)
 * come back at home after the respawn delay. Session ships respawn through {@link SessionShips}.
 *
 * <p>The queue grows (amortised) only past its largest backlog so far; a steady tick allocates nothing.
 */
final class Respawns {
    private final Entities e;
    private float[] px = new float[16];
    private float[] py = new float[16];
    private int[] ore = new int[16];
    private int[] kind = new int[16];
    private long[] due = new long[16];
    private int count;

    Respawns(Entities e) {
        this.e = e;
    }

    /** Brings back kind {@code k} at ({@code x}, {@code y}) after {@code delayTicks} ({@code capacity}: its ore). */
    void schedule(int k, float x, float y, int capacity, int delayTicks) {
        if (count == px.length) {
            kind = Arrays.copyOf(kind, count * 2);
            px = Arrays.copyOf(px, count * 2);
            py = Arrays.copyOf(py, count * 2);
            ore = Arrays.copyOf(ore, count * 2);
            due = Arrays.copyOf(due, count * 2);
        }
        px[count] = x;
        py[count] = y;
        kind[count] = k;
        ore[count] = capacity;
        due[count] = e.tick() + delayTicks;
        count++;
    }

    /** Spawns what is due; at the entity cap it tries again next tick. */
    void run() {
        long now = e.tick();
        for (int a = 0; a < count; ) {
            if (now < due[a]) {
                a++;
                continue;
            }
            int i = e.spawn(kind[a], px[a], py[a], 0f, 0L);
            if (i < 0) {
                a++;
                continue;
            }
            if (kind[a] == EntityKinds.ASTEROID) {
                e.store.setLong(i, PlaygroundSchema.ORE, ore[a]);
                e.store.setLong(i, PlaygroundSchema.ORE_MAX, ore[a]);
            }
            count--;
            kind[a] = kind[count];
            px[a] = px[count];
            py[a] = py[count];
            ore[a] = ore[count];
            due[a] = due[count];
        }
    }

    /** Forgets every pending respawn (the world was cleared). */
    void clear() {
        count = 0;
    }
}
