package dev.aetheris.testkit;

import java.util.random.RandomGenerator;
import java.util.SplittableRandom;

/**
 * Seeded fault injection for inbound unreliable messages of the {@link InMemoryTransport}:
 * drop, duplicate and reorder, each with a probability. Reliable messages are never touched, as
 * a real reliable channel would not lose or reorder them.
 *
 * @param dropProbability      chance a datagram is lost
 * @param duplicateProbability chance a datagram arrives twice
 * @param reorderProbability   chance a datagram is swapped with the one before it
 * @param seed                 RNG seed, so a failing run can be replayed
 */
public record Faults(double dropProbability, double duplicateProbability, double reorderProbability, long seed) {
    /** No faults. */
    public static final Faults NONE = new Faults(0, 0, 0, 0);

    /** Checks probabilities are in [0, 1]. */
    public Faults {
        check(dropProbability);
        check(duplicateProbability);
        check(reorderProbability);
    }

    RandomGenerator random() {
        return new SplittableRandom(seed);
    }

    private static void check(double p) {
        if (!(p >= 0 && p <= 1)) {
            throw new IllegalArgumentException("probability must be in [0, 1], got " + p);
        }
    }
}
