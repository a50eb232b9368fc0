package dev.aetheris.server;

import java.time.Duration;

/**
 * Rooms and cluster settings of {@code aetheris serve}.
 *
 * @param nodeId         this node's id in the cluster; null = generated at start
 * @param publicHost     host name clients are sent to in matchmaking answers; null = the bind
 *                       address, or this machine's name when binding every interface
 * @param roomCapacity   players per room
 * @param maxRooms       rooms per process, the default room included
 * @param drainGrace     after SIGTERM, how long rooms play on (less if every player left)
 * @param emptyRoomGrace a room without players for this long is disposed
 */
public record ClusterConfig(String nodeId, String publicHost, int roomCapacity, int maxRooms, Duration drainGrace,
                            Duration emptyRoomGrace) {

    /** Validates the drain; room counts are checked where they are used (the room and fleet settings). */
    public ClusterConfig {
        if (drainGrace.isNegative()) {
            throw new IllegalArgumentException("drain-grace must not be negative, got " + drainGrace);
        }
    }

    /** Rooms of 1000 players, 16 rooms, no drain (SIGTERM stops at once), rooms disposed after 30 s empty. */
    public static ClusterConfig defaults() {
        return new ClusterConfig(null, null, 1000, 16, Duration.ZERO, Duration.ofSeconds(30));
    }
}
