package dev.aetheris.bots;

import dev.aetheris.protocol.util.Mulberry32;

/**
 * The inputs one bot sends each tick: fresh values every 500 ms from its own seeded RNG, starting
 * at a random phase. For benchmark S1 this is exactly the scenario's generator (mulberry32, seed
 * 5000+i, thrust then turn, phase in [0, 500) ms); {@code fly} adds shooting.
 */
final class InputScript {
    private final Mulberry32 random;
    private final long phaseNanos;
    private final boolean shoots;
    private long nextChange;
    float turn;
    float thrust;
    boolean fire;

    InputScript(int seed, boolean shoots, long startNanos) {
        this.random = new Mulberry32(seed);
        this.shoots = shoots;
        this.thrust = (float) (next() * 2 - 1);
        this.turn = (float) (next() * 2 - 1);
        this.phaseNanos = (long) (next() * 500_000_000L);
        this.nextChange = startNanos + phaseNanos;
    }

    /** Advances to {@code now}, drawing fresh values every 500 ms. */
    void at(long now) {
        while (now >= nextChange) {
            thrust = (float) (next() * 2 - 1);
            turn = (float) (next() * 2 - 1);
            if (shoots) {
                fire = next() < 0.3;
            }
            nextChange += 500_000_000L;
        }
    }

    private double next() {
        return random.next();
    }
}
