package dev.aetheris.world;

import dev.aetheris.protocol.Sizes;
import java.nio.charset.StandardCharsets;

/**
 * Settings of a {@link PlaygroundWorld}. Durations are in seconds and converted to ticks with the
 * tick rate, so changing the tick rate does not change the game's speed (upstream counted ticks).
 *
 * @param seed                   RNG seed; the same seed and inputs give the same state hashes
 * @param maxEntities            world-wide entity cap (also bounds {@code stressTest}); arrays are sized to it
 * @param tickRate               ticks per second; the fixed step is {@code 1 / tickRate}
 * @param roomName               name of the playground room
 * @param minX                   room bounds (the world wraps around them)
 * @param minY                   room bounds
 * @param maxX                   room bounds
 * @param maxY                   room bounds
 * @param respawnDelaySeconds    time from a session ship's death to its fresh ship
 * @param asteroidRespawnSeconds time from an asteroid's depletion or destruction to its return
 * @param shieldRegenDelaySeconds shields regenerate only after this long without damage
 * @param inputTimeoutSeconds    a session ship whose client sent nothing for this long stops thrusting
 * @param projectileSpeed        shot speed in units per second
 * @param cargoDropLifetimeSeconds an uncollected cargo drop disappears after this long
 * @param gridCellSize           edge of a spatial grid cell
 * @param asteroids              asteroids placed at construction (by the seeded RNG)
 * @param aiInterceptors         AI interceptors placed at construction (by the seeded RNG)
 * @param asteroidFields         fields the asteroids are grouped in, with the AI based at them;
 *                               0 scatters both uniformly over the room (see {@link Population})
 */
public record WorldConfig(
        long seed,
        int maxEntities,
        int tickRate,
        String roomName,
        float minX,
        float minY,
        float maxX,
        float maxY,
        float respawnDelaySeconds,
        float asteroidRespawnSeconds,
        float shieldRegenDelaySeconds,
        float inputTimeoutSeconds,
        float projectileSpeed,
        float cargoDropLifetimeSeconds,
        float gridCellSize,
        int asteroids,
        int aiInterceptors,
        int asteroidFields) {

    /** Largest {@code maxEntities}: every per-entity array is allocated up front at this size. */
    public static final int MAX_ENTITIES_LIMIT = 4_000_000;
    /** Largest room edge: bounds must lie within ±half of it (the replication schema's position range). */
    public static final float MAX_WORLD_SIZE = 100_000f;
    /** Default edge of the square world, centred on the origin: large enough that interest management matters. */
    public static final float DEFAULT_WORLD_SIZE = 4_000f;

    /**
     * @throws IllegalArgumentException naming the setting that is out of range
     */
    public WorldConfig {
        if (maxEntities < 1 || maxEntities > MAX_ENTITIES_LIMIT) {
            throw new IllegalArgumentException("maxEntities must be 1.." + MAX_ENTITIES_LIMIT + ", got " + maxEntities);
        }
        if (tickRate < 1 || tickRate > 1000) {
            throw new IllegalArgumentException("tickRate must be 1..1000 ticks per second, got " + tickRate);
        }
        if (roomName == null || roomName.isEmpty()
                || roomName.getBytes(StandardCharsets.UTF_8).length > Sizes.MAX_NAME_BYTES) {
            throw new IllegalArgumentException("roomName must be 1.." + Sizes.MAX_NAME_BYTES + " UTF-8 bytes, got "
                    + (roomName == null ? "null" : "'" + roomName + "'"));
        }
        requireFinite("minX", minX);
        requireFinite("minY", minY);
        requireFinite("maxX", maxX);
        requireFinite("maxY", maxY);
        float edge = MAX_WORLD_SIZE / 2;
        if (minX < -edge || minY < -edge || maxX > edge || maxY > edge) {
            throw new IllegalArgumentException("room bounds must lie within ±" + edge + " (a world of at most "
                    + MAX_WORLD_SIZE + " units), got [" + minX + ", " + minY + "]..[" + maxX + ", " + maxY + "]");
        }
        if (!(maxX > minX) || !(maxY > minY)) {
            throw new IllegalArgumentException("room bounds must satisfy minX < maxX and minY < maxY, got ["
                    + minX + ", " + minY + "]..[" + maxX + ", " + maxY + "]");
        }
        requirePositive("respawnDelaySeconds", respawnDelaySeconds);
        requirePositive("asteroidRespawnSeconds", asteroidRespawnSeconds);
        requirePositive("shieldRegenDelaySeconds", shieldRegenDelaySeconds);
        requirePositive("inputTimeoutSeconds", inputTimeoutSeconds);
        requirePositive("projectileSpeed", projectileSpeed);
        requirePositive("cargoDropLifetimeSeconds", cargoDropLifetimeSeconds);
        requirePositive("gridCellSize", gridCellSize);
        if ((maxX - minX) / gridCellSize > 4096 || (maxY - minY) / gridCellSize > 4096) {
            throw new IllegalArgumentException("gridCellSize " + gridCellSize
                    + " makes more than 4096 cells per axis for the room bounds; use a larger cell");
        }
        if (asteroids < 0 || aiInterceptors < 0 || (long) asteroids + aiInterceptors > maxEntities) {
            throw new IllegalArgumentException("asteroids (" + asteroids + ") and aiInterceptors (" + aiInterceptors
                    + ") must be >= 0 and together fit maxEntities (" + maxEntities + ")");
        }
        if (asteroidFields < 0 || asteroidFields > 1000) {
            throw new IllegalArgumentException("asteroidFields must be 0..1000, got " + asteroidFields);
        }
    }

    /**
     * Defaults: 60 Hz, a {@value #DEFAULT_WORLD_SIZE}-unit square world centred on the origin, 96
     * asteroids in 8 fields and 16 AI interceptors patrolling them, 10,000 entities at most.
     */
    public static WorldConfig defaults(long seed) {
        float h = DEFAULT_WORLD_SIZE / 2;
        return new WorldConfig(seed, 10_000, 60, "Playground_Master", -h, -h, h, h,
                3f, 5f, 3f, 0.5f, 100f, 60f, 50f, 96, 16, 8);
    }

    /**
     * The upstream playground room: [-250, 250]², 8 asteroids and 2 AI interceptors scattered
     * uniformly; small enough that everyone sees everything (tests, the golden determinism run).
     */
    public static WorldConfig small(long seed) {
        return new WorldConfig(seed, 10_000, 60, "Playground_Master", -250f, -250f, 250f, 250f,
                3f, 5f, 3f, 0.5f, 100f, 60f, 25f, 8, 2, 0);
    }

    /** The same settings with another entity cap. */
    public WorldConfig withMaxEntities(int max) {
        return new WorldConfig(seed, max, tickRate, roomName, minX, minY, maxX, maxY, respawnDelaySeconds,
                asteroidRespawnSeconds, shieldRegenDelaySeconds, inputTimeoutSeconds, projectileSpeed,
                cargoDropLifetimeSeconds, gridCellSize, asteroids, aiInterceptors, asteroidFields);
    }

    /** The same settings with other initial populations (the asteroid fields stay). */
    public WorldConfig withPopulation(int asteroidCount, int aiCount) {
        return new WorldConfig(seed, maxEntities, tickRate, roomName, minX, minY, maxX, maxY, respawnDelaySeconds,
                asteroidRespawnSeconds, shieldRegenDelaySeconds, inputTimeoutSeconds, projectileSpeed,
                cargoDropLifetimeSeconds, gridCellSize, asteroidCount, aiCount, asteroidFields);
    }

    /** The same settings with another tick rate (durations stay in seconds). */
    public WorldConfig withTickRate(int rate) {
        return new WorldConfig(seed, maxEntities, rate, roomName, minX, minY, maxX, maxY, respawnDelaySeconds,
                asteroidRespawnSeconds, shieldRegenDelaySeconds, inputTimeoutSeconds, projectileSpeed,
                cargoDropLifetimeSeconds, gridCellSize, asteroids, aiInterceptors, asteroidFields);
    }

    /**
     * The same settings in a square world of edge {@code size} centred on the origin.
     *
     * @throws IllegalArgumentException if {@code size} is not in (0, {@link #MAX_WORLD_SIZE}] or
     *                                  makes too many grid cells for the cell size
     */
    public WorldConfig withWorldSize(float size) {
        if (!(size > 0) || size > MAX_WORLD_SIZE) {
            throw new IllegalArgumentException("world size must be > 0 and <= " + MAX_WORLD_SIZE + " units, got "
                    + size);
        }
        float h = size / 2;
        return new WorldConfig(seed, maxEntities, tickRate, roomName, -h, -h, h, h, respawnDelaySeconds,
                asteroidRespawnSeconds, shieldRegenDelaySeconds, inputTimeoutSeconds, projectileSpeed,
                cargoDropLifetimeSeconds, gridCellSize, asteroids, aiInterceptors, asteroidFields);
    }

    /** Seconds to whole ticks (at least one). */
    int ticks(float seconds) {
        return Math.max(1, Math.round(seconds * tickRate));
    }

    private static void requireFinite(String name, float v) {
        if (!Float.isFinite(v)) {
            throw new IllegalArgumentException(name + " must be finite, got " + v);
        }
    }

    private static void requirePositive(String name, float v) {
        if (!Float.isFinite(v) || v <= 0) {
            throw new IllegalArgumentException(name + " must be a finite number > 0, got " + v);
        }
    }
}
