package dev.aetheris.replication;

import static dev.aetheris.replication.TestSchemas.*;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** A grid query returns exactly the entities within the radius, each once, wherever the entities are. */
class InterestGridProperties {

    @Test
    void findsEveryEntityWithinTheRadius() {
        // Seeded, so every run checks the same 200 layouts; the seed is in any failure message.
        for (long seed = 1; seed <= 200; seed++) {
            findsEveryEntityWithinTheRadius(seed);
        }
    }

    private static void findsEveryEntityWithinTheRadius(long seed) {
        Random rnd = new Random(seed);
        float[] coords = new float[1 + rnd.nextInt(200)];
        for (int i = 0; i < coords.length; i++) {
            coords[i] = rnd.nextFloat(-5000, 5000);
        }
        float qx = rnd.nextFloat(-5000, 5000);
        float qy = rnd.nextFloat(-5000, 5000);
        EntityStore store = new EntityStore(SHIPS, 200);
        for (int i = 0; i < coords.length; i++) {
            int e = store.spawn(i + 1, 1, 0, 0, SHIPS.mask(TRANSFORM));
            store.setFloat(e, X, coords[i]);
            store.setFloat(e, Y, coords[(i * 7 + 3) % coords.length] / 2);
        }
        float r = 800;
        InterestGrid grid = new InterestGrid(200, r);
        grid.rebuild(store);
        int[] out = new int[200];
        int n = grid.query(qx, qy, r, out);
        Set<Integer> found = new HashSet<>();
        for (int i = 0; i < n; i++) {
            assertThat(found.add(out[i])).as("seed %d: each entity once", seed).isTrue();
        }
        for (int e = 0; e < store.highWater(); e++) {
            float dx = store.x(e) - qx;
            float dy = store.y(e) - qy;
            if (dx * dx + dy * dy <= r * r) {
                assertThat(found).as("seed %d", seed).contains(e);
            } else {
                assertThat(found).as("seed %d: beyond the radius", seed).doesNotContain(e);
            }
        }
    }
}
