package dev.aetheris.protocol.testing;

import java.util.Random;

/**
 * Seeded random trials for this module's property-style tests, with the same seed property and
 * failure message as the testkit's {@code Trials} (this module is below the testkit, so it cannot
 * use it): a fixed default seed, {@code -Daetheris.test.seed=N} to explore, the seed in every failure.
 */
public final class SeededTrials {
    private static final String SEED_PROPERTY = "aetheris.test.seed";
    private static final long DEFAULT_SEED = 0x5EED_2026_AE7EL;

    private SeededTrials() {
    }

    /** One trial: draws what it needs from {@code random} and asserts. */
    @FunctionalInterface
    public interface Trial {
        void run(Random random) throws Exception;
    }

    /** Runs {@code count} trials; trial {@code i} gets a Random seeded {@code i} golden-ratio steps from the base. */
    public static void run(int count, Trial trial) {
        String property = System.getProperty(SEED_PROPERTY);
        long base = property == null || property.isBlank() ? DEFAULT_SEED : Long.decode(property.strip());
        for (int i = 0; i < count; i++) {
            try {
                trial.run(new Random(base + (i + 1) * 0x9E37_79B9_7F4A_7C15L));
            } catch (AssertionError | Exception e) {
                throw new AssertionError("trial " + i + " failed; replay with -D" + SEED_PROPERTY + "=" + base
                        + ": " + e.getMessage(), e);
            }
        }
    }
}
