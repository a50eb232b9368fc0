package dev.aetheris.server;

import dev.aetheris.server.room.RoomKinds;
import dev.aetheris.world.PlaygroundWorld;
import dev.aetheris.world.WorldConfig;
import dev.aetheris.world.s1.S1World;

/** The room kinds every build has: {@code playground} and the benchmark world {@code s1}. */
final class BuiltInKinds {
    private BuiltInKinds() {
    }

    /** Both kinds, sized and timed by the server's settings. */
    static RoomKinds of(ServerConfig config) {
        return new RoomKinds()
                .register("playground", (roomId, seed) -> new PlaygroundWorld(playgroundConfig(config, seed)))
                .register("s1", (roomId, seed) -> {
                    if (config.tickRate() != 60) {
                        throw new IllegalArgumentException(
                                "world s1 is defined at 60 Hz; use --tick-rate 60 (and --state-rate 60 or 20)");
                    }
                    return new S1World(config.maxEntities());
                });
    }

    private static WorldConfig playgroundConfig(ServerConfig config, long seed) {
        return WorldConfig.defaults(seed).withMaxEntities(config.maxEntities()).withTickRate(config.tickRate())
                .withWorldSize(config.worldSize());
    }
}
