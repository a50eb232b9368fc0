package dev.aetheris.world;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aetheris.replication.EntityStore;
import dev.aetheris.testkit.Trials;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SpatialGridProperties {

    /** The grid finds exactly the points a brute-force distance check finds. */
    @Test
    void gridQueryMatchesBruteForce() {
        Trials.run(200, SpatialGridProperties::queryMatchesBruteForce);
    }

    private static void queryMatchesBruteForce(Random rnd) {
        int n = rnd.nextInt(401);
        float cx = rnd.nextFloat(-300, 300);
        float cy = rnd.nextFloat(-300, 300);
        // A zero radius and the range ends are edge cases uniform draws would rarely hit.
        float r = rnd.nextInt(10) == 0 ? 0f : rnd.nextFloat(0, 200);
        float cell = rnd.nextInt(10) == 0 ? 3f : rnd.nextFloat(3, 120);
        SplitMix64 rng = new SplitMix64(rnd.nextLong());
        EntityStore store = new EntityStore(PlaygroundSchema.SCHEMA, Math.max(1, n));
        long mask = PlaygroundSchema.SCHEMA.mask(PlaygroundSchema.TRANSFORM);
        float[] x = new float[n];
        float[] y = new float[n];
        int[] kind = new int[n];
        for (int i = 0; i < n; i++) {
            x[i] = rng.nextFloat(-250, 250);
            y[i] = rng.nextFloat(-250, 250);
            // Kind 0 (the room entity) and despawned entities are never indexed.
            kind[i] = rng.nextFloat() < 0.9f ? 1 : 0;
            int e = store.spawn(i + 1, kind[i], 0, 0, mask);
            store.setFloat(e, PlaygroundSchema.X, x[i]);
            store.setFloat(e, PlaygroundSchema.Y, y[i]);
        }
        for (int i = 0; i < n; i += 7) {
            store.despawn(i);
            kind[i] = 0;
        }
        SpatialGrid g = new SpatialGrid(-250, -250, 250, 250, cell, Math.max(1, n));
        g.rebuild(store);
        int[] out = new int[Math.max(1, n)];
        int found = g.query(cx, cy, r, out);
        Set<Integer> expected = new HashSet<>();
        for (int i = 0; i < n; i++) {
            float dx = x[i] - cx;
            float dy = y[i] - cy;
            if (kind[i] != 0 && dx * dx + dy * dy <= r * r) {
                expected.add(i);
            }
        }
        Set<Integer> actual = new HashSet<>();
        Arrays.stream(out, 0, found).forEach(actual::add);
        assertThat(actual).isEqualTo(expected);
        assertThat(found).isEqualTo(expected.size());
    }
}
