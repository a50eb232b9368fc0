package dev.aetheris.world;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aetheris.replication.EntityStore;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.FloatRange;
import net.jqwik.api.constraints.IntRange;

class SpatialGridProperties {

    /** The grid finds exactly the points a brute-force distance check finds. */
    @Property(tries = 200)
    void gridQueryMatchesBruteForce(@ForAll @IntRange(min = 0, max = 400) int n, @ForAll long seed,
            @ForAll @FloatRange(min = -300, max = 300) float cx, @ForAll @FloatRange(min = -300, max = 300) float cy,
            @ForAll @FloatRange(min = 0, max = 200) float r, @ForAll @FloatRange(min = 3, max = 120) float cell) {
        SplitMix64 rng = new SplitMix64(seed);
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
