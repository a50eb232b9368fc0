package dev.aetheris.protocol.util;

/**
 * The mulberry32 generator: 32-bit state, doubles in [0, 1). Bit-exact with the usual
 * JavaScript version, so benchmark scenarios defined with it (S1) give the same numbers in the
 * server, the bots and the JavaScript reference. Not for anything needing quality randomness.
 */
public final class Mulberry32 {
    private int state;

    /** @param seed the initial state */
    public Mulberry32(int seed) {
        this.state = seed;
    }

    /** The next value in [0, 1). */
    public double next() {
        state += 0x6D2B79F5;
        int t = state;
        t = (t ^ (t >>> 15)) * (t | 1);
        t ^= t + (t ^ (t >>> 7)) * (t | 61);
        return ((t ^ (t >>> 14)) & 0xFFFFFFFFL) / 4294967296.0;
    }
}
