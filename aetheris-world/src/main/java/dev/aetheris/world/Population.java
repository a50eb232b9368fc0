package dev.aetheris.world;

import dev.aetheris.protocol.component.EntityKinds;

/**
 * Places the world's initial asteroids and AI interceptors, and the ships of a stress test.
 *
 * <p>With {@link WorldConfig#asteroidFields()} {@code > 0} the asteroids are split over that many
 * fields (discs of {@link #fieldRadius}). The first field is centred on the world's centre, where
 * session ships start, so a new pilot has rock to mine in sight; the others are centred where the
 * seeded RNG picks in the inner 80 % of the world. The AI interceptors are based at the other
 * fields, round-robin (the start field stays quiet), so they patrol where players go to mine. With
 * 0 fields asteroids and AI are scattered uniformly over the whole room, as upstream. Stress-test
 * ships are spread uniformly over the whole world, each thrusting in its own direction.
 */
final class Population {
    private static final int[] STRESS_KINDS = {EntityKinds.INTERCEPTOR, EntityKinds.DREADNOUGHT, EntityKinds.HAULER};
    private static final double TAU = 2 * StrictMath.PI;

    private final Entities e;

    Population(Entities e) {
        this.e = e;
    }

    /** Radius of an asteroid field: an eighth of the world's shorter side, at most 300 units. */
    static float fieldRadius(WorldConfig c) {
        return Math.min(300f, Math.min(c.maxX() - c.minX(), c.maxY() - c.minY()) / 8f);
    }

    /** Places the configured asteroids and AI interceptors (constructor time; may allocate). */
    void populate() {
        WorldConfig c = e.config;
        SplitMix64 rng = e.rng;
        int fields = c.asteroidFields();
        if (fields == 0) {
            for (int a = 0; a < c.asteroids(); a++) {
                e.spawn(EntityKinds.ASTEROID, rng.nextFloat(e.minX, e.maxX), rng.nextFloat(e.minY, e.maxY), 0f, 0L);
            }
            for (int a = 0; a < c.aiInterceptors(); a++) {
                e.spawn(EntityKinds.AI_INTERCEPTOR, rng.nextFloat(e.minX, e.maxX), rng.nextFloat(e.minY, e.maxY), 0f,
                        0L);
            }
            return;
        }
        float mx = (e.maxX - e.minX) * 0.1f;
        float my = (e.maxY - e.minY) * 0.1f;
        float[] cx = new float[fields];
        float[] cy = new float[fields];
        cx[0] = (e.minX + e.maxX) / 2;
        cy[0] = (e.minY + e.maxY) / 2;
        for (int f = 1; f < fields; f++) {
            cx[f] = rng.nextFloat(e.minX + mx, e.maxX - mx);
            cy[f] = rng.nextFloat(e.minY + my, e.maxY - my);
        }
        float radius = fieldRadius(c);
        for (int a = 0; a < c.asteroids(); a++) {
            spawnInDisc(EntityKinds.ASTEROID, cx[a % fields], cy[a % fields], radius);
        }
        int patrolled = fields > 1 ? fields - 1 : 1;
        for (int a = 0; a < c.aiInterceptors(); a++) {
            int f = fields > 1 ? 1 + a % patrolled : 0;
            spawnInDisc(EntityKinds.AI_INTERCEPTOR, cx[f], cy[f], radius);
        }
    }

    private void spawnInDisc(int kind, float cx, float cy, float radius) {
        // sqrt of a uniform draw: uniform over the disc's area, not crowded at the centre.
        double r = radius * Math.sqrt(e.rng.nextFloat());
        double a = e.rng.nextFloat() * TAU;
        e.spawn(kind, (float) (cx + r * StrictMath.cos(a)), (float) (cy + r * StrictMath.sin(a)), 0f, 0L);
    }

    /** See {@link dev.aetheris.protocol.seam.WorldState#stressTest}. */
    int stressTest(int count, boolean rotate) {
        int n = Math.max(0, Math.min(count, e.config.maxEntities() - e.live()));
        SplitMix64 rng = e.rng;
        for (int s = 0; s < n; s++) {
            int k = STRESS_KINDS[s % STRESS_KINDS.length];
            float px = rng.nextFloat(e.minX, e.maxX);
            float py = rng.nextFloat(e.minY, e.maxY);
            float r = rotate ? (float) (rng.nextFloat() * TAU - StrictMath.PI) : 0f;
            int i = e.spawn(k, px, py, r, 0L);
            double heading = rng.nextFloat() * TAU;
            // Unowned ships keep their thrust (no input timeout), so they keep moving.
            e.moveX[i] = (float) StrictMath.cos(heading);
            e.moveY[i] = (float) StrictMath.sin(heading);
        }
        return n;
    }
}
