package dev.aetheris.server.tick;

import dev.aetheris.replication.ReplicationSettings;

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
 * @param interestRadius      world units around a client's ship within which it sees entities (worlds
 *                            that keep their state in an entity store)
 * @param clientBudget        bytes per second each client may be sent (same worlds)
 */
public record TickConfig(int tickRate, int stressTestCap, int revalidateEvery, String serverVersion,
                         int sessionShipKind, int maxClients, int stateEvery, float interestRadius, int clientBudget) {
    /** Default interest radius: weapon range (200) plus a second and a half at cruising speed, in units. */
    public static final float DEFAULT_INTEREST_RADIUS = 300f;
    /** Default per-client budget: 48 KiB/s. */
    public static final int DEFAULT_CLIENT_BUDGET = 48 * 1024;

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
        if (!(interestRadius > 0) || !Float.isFinite(interestRadius)) {
            throw new IllegalArgumentException("interest-radius must be a positive number of world units, got "
                    + interestRadius);
        }
        if (clientBudget < 1024) {
            throw new IllegalArgumentException("client-budget must be at least 1024 bytes per second, got " + clientBudget);
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
        return new TickConfig(tickRate, 1000, tickRate, serverVersion, 1, 10_000, 1, DEFAULT_INTEREST_RADIUS,
                DEFAULT_CLIENT_BUDGET);
    }

    /** A copy with another client limit. */
    public TickConfig withMaxClients(int max) {
        return new TickConfig(tickRate, stressTestCap, revalidateEvery, serverVersion, sessionShipKind, max, stateEvery,
                interestRadius, clientBudget);
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
                tickRate / stateRate, interestRadius, clientBudget);
    }

    /** A copy with another interest radius (world units) and per-client budget (bytes per second). */
    public TickConfig withReplication(float radius, int bytesPerSecond) {
        return new TickConfig(tickRate, stressTestCap, revalidateEvery, serverVersion, sessionShipKind, maxClients,
                stateEvery, radius, bytesPerSecond);
    }

    /** What the replication core needs: radius with a 10 % leave margin, budget per state send. */
    public ReplicationSettings replicationSettings() {
        return ReplicationSettings.of(interestRadius, clientBudget, tickRate / stateEvery);
    }

    /** Nanoseconds per tick. */
    public long periodNanos() {
        return 1_000_000_000L / tickRate;
    }
}
