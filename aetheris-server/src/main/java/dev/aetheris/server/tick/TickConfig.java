package dev.aetheris.server.tick;

/**
 * Settings of one room loop.
 *
 * @param tickRate            ticks per second (1..1000)
 * @param stressTestCap       most entities one StressTest command may spawn (upstream: 1000)
 * @param revalidateEvery     re-check every session every this many ticks (≈ 1 s at {@code tickRate})
 * @param serverVersion       reported as {@code version_server} in the manifest
 * @param sessionShipKind     entity kind of the ship StartSession spawns
 * @param maxClients          connections beyond this are closed at once ("server full")
 * @param stateEvery          send state every this many ticks (1 = every tick; 3 at 60 Hz = 20 Hz)
 */
public record TickConfig(int tickRate, int stressTestCap, int revalidateEvery, String serverVersion,
                         int sessionShipKind, int maxClients, int stateEvery) {

    /** Validates every setting, naming the one that is wrong. */
    public TickConfig {
        if (tickRate < 1 || tickRate > 1000) {
            throw new IllegalArgumentException("tick-rate must be 1..1000 ticks per second, got " + tickRate);
        }
        if (stressTestCap < 0 || stressTestCap > 65_535) {
            throw new IllegalArgumentException("stress-test cap must be 0..65535, got " + stressTestCap);
        }
        if (maxClients < 1) {
            throw new IllegalArgumentException("max-clients must be at least 1, got " + maxClients);
        }
        if (stateEvery < 1 || stateEvery > tickRate) {
            throw new IllegalArgumentException("state-rate must divide into the tick rate: every " + stateEvery
                    + " ticks is not between 1 and " + tickRate);
        }
        if (revalidateEvery < 1) {
            throw new IllegalArgumentException("session revalidation interval must be at least 1 tick");
        }
    }

    /** 60 Hz, upstream's cap of 1000, sessions re-checked every second. */
    public static TickConfig defaults(String serverVersion) {
        return of(60, serverVersion);
    }

    /** Defaults at another tick rate (sessions re-checked every {@code tickRate} ticks ≈ 1 s). */
    public static TickConfig of(int tickRate, String serverVersion) {
        return new TickConfig(tickRate, 1000, tickRate, serverVersion, 1, 10_000, 1);
    }

    /** A copy with another client limit. */
    public TickConfig withMaxClients(int max) {
        return new TickConfig(tickRate, stressTestCap, revalidateEvery, serverVersion, sessionShipKind, max, stateEvery);
    }

    /**
     * A copy that sends state {@code stateRate} times a second while simulating at the tick rate.
     *
     * @throws IllegalArgumentException if the tick rate is not a whole multiple of {@code stateRate}
     */
    public TickConfig withStateRate(int stateRate) {
        if (stateRate < 1 || stateRate > tickRate || tickRate % stateRate != 0) {
            throw new IllegalArgumentException("state-rate must divide the tick rate " + tickRate + " evenly, got "
                    + stateRate);
        }
        return new TickConfig(tickRate, stressTestCap, revalidateEvery, serverVersion, sessionShipKind, maxClients,
                tickRate / stateRate);
    }

    /** Nanoseconds per tick. */
    public long periodNanos() {
        return 1_000_000_000L / tickRate;
    }
}
