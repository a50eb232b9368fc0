package dev.aetheris.fleet;

/**
 * How this node takes part in the cluster.
 *
 * @param nodeId          unique in the cluster
 * @param wsUrl           the WebSocket URL clients are sent to
 * @param quic            the QUIC {@code host:port} clients are sent to, or empty
 * @param maxRooms        rooms this node hosts at most
 * @param roomCapacity    players per room
 * @param heartbeatMillis how often the node writes its heartbeat (about 1 s)
 * @param ttlMillis       a node silent this long is dropped with its rooms (at most 5 s)
 * @param seatMillis      how long a seat reservation holds (15 s)
 */
public record FleetConfig(String nodeId, String wsUrl, String quic, int maxRooms, int roomCapacity,
                          long heartbeatMillis, long ttlMillis, long seatMillis) {

    /** Validates, naming the bad setting. */
    public FleetConfig {
        if (nodeId == null || !nodeId.matches("[A-Za-z0-9._-]{1,48}")) {
            throw new IllegalArgumentException("node-id must be 1..48 of A-Z a-z 0-9 . _ -, got '" + nodeId + "'");
        }
        if (maxRooms < 1) {
            throw new IllegalArgumentException("max-rooms must be at least 1, got " + maxRooms);
        }
        if (roomCapacity < 1) {
            throw new IllegalArgumentException("room-capacity must be at least 1, got " + roomCapacity);
        }
        if (heartbeatMillis < 50 || ttlMillis < 3 * heartbeatMillis || ttlMillis > 5_000) {
            throw new IllegalArgumentException("the node TTL must be at least three heartbeats and at most 5 s, got "
                    + ttlMillis + " ms for a heartbeat of " + heartbeatMillis + " ms");
        }
        if (seatMillis < 1_000) {
            throw new IllegalArgumentException("seat reservations must hold at least 1 s, got " + seatMillis + " ms");
        }
    }

    /** The defaults: a heartbeat every second, dropped after 5 s, seats held 15 s. */
    public static FleetConfig of(String nodeId, String wsUrl, String quic, int maxRooms, int roomCapacity) {
        return new FleetConfig(nodeId, wsUrl, quic, maxRooms, roomCapacity, 1_000, 5_000, 15_000);
    }
}
