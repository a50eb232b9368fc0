package dev.aetheris.testkit;

import java.util.Random;

/**
 * Seeded random trials for property-style JUnit tests. Every run checks the same cases (a fixed
 * default seed); {@code -Daetheris.test.seed=N} explores others. A failing trial is reported with
 * the base seed that replays the run and the trial's own seed, so a failure is never a one-off.
 *
 * <p>Stateless and thread-safe: each trial gets its own {@link Random}.
 */
public final class Trials {
    /** System property that replaces {@link #DEFAULT_SEED}. */
    public static final String SEED_PROPERTY = "aetheris.test.seed";
    /** The seed every run uses unless {@link #SEED_PROPERTY} is set. */
    public static final long DEFAULT_SEED = 0x5EED_2026_AE7EL;

    private Trials() {
    }

    /** One trial: draws what it needs from {@code random} and asserts. */
    @FunctionalInterface
    public interface Trial {
        void run(Random random) throws Exception;
    }

    /**
     * Runs {@code count} trials, each with a {@link Random} seeded from the base seed and the trial
     * number. A failure is rethrown as an {@link AssertionError} naming both seeds.
     */
    public static void run(int count, Trial trial) {
        long base = baseSeed();
        for (int i = 0; i < count; i++) {
            long seed = trialSeed(base, i);
            try {
                trial.run(new Random(seed));
            } catch (AssertionError | Exception e) {
                throw new AssertionError("trial " + i + " of " + count + " failed (trial seed " + seed
                        + "); replay with -D" + SEED_PROPERTY + "=" + base + ": " + e.getMessage(), e);
            }
        }
    }

    /** The base seed of this run: {@link #SEED_PROPERTY} if set, else {@link #DEFAULT_SEED}. */
    public static long baseSeed() {
        String s = System.getProperty(SEED_PROPERTY);
        return s == null || s.isBlank() ? DEFAULT_SEED : Long.decode(s.strip());
    }

    /** SplitMix64 finaliser: neighbouring trial numbers get unrelated seeds. */
    static long trialSeed(long base, int trial) {
        long z = base + (trial + 1) * 0x9E37_79B9_7F4A_7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58_476D_1CE4_E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D0_49BB_1331_11EBL;
        return z ^ (z >>> 31);
    }

    /** An int in {@code [min, max]} (both inclusive). */
    public static int between(Random random, int min, int max) {
        return (int) between(random, (long) min, max);
    }

    /** A long in {@code [min, max]} (both inclusive). */
    public static long between(Random random, long min, long max) {
        return max == Long.MAX_VALUE && min == Long.MIN_VALUE ? random.nextLong() : random.nextLong(min, max + 1);
    }

    /**
     * A long that is an edge value ({@code edges}, e.g. 0 and the type's limits) a quarter of the
     * time, otherwise uniform in {@code [min, max]}: random search rarely hits the edges by itself.
     */
    public static long withEdges(Random random, long min, long max, long... edges) {
        return edges.length > 0 && random.nextInt(4) == 0 ? edges[random.nextInt(edges.length)]
                : between(random, min, max);
    }

    /** Random bytes, length uniform in {@code [0, maxLength]}. */
    public static byte[] bytes(Random random, int maxLength) {
        byte[] b = new byte[random.nextInt(maxLength + 1)];
        random.nextBytes(b);
        return b;
    }
}
