package dev.aetheris.world;

/**
 * A tiny deterministic RNG (SplitMix64): the same seed gives the same sequence on every JVM and
 * machine, with no shared state (unlike {@code java.util.Random}, whose instances are often shared).
 * Not thread-safe; owned by one world.
 */
public final class SplitMix64 {
    private long state;

    /** @param seed any value */
    public SplitMix64(long seed) {
        this.state = seed;
    }

    /** The next 64 random bits. */
    public long nextLong() {
        long z = (state += 0x9E3779B97F4A7C15L);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** Uniform in [0, 1) with 24 bits of precision. */
    public float nextFloat() {
        return (nextLong() >>> 40) * 0x1.0p-24f;
    }

    /** Uniform in [lo, hi). */
    public float nextFloat(float lo, float hi) {
        return lo + (hi - lo) * nextFloat();
    }
}
