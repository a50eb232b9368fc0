package dev.aetheris.fleet;

/**
 * One game node as the cluster directory knows it.
 *
 * @param nodeId       unique in the cluster
 * @param wsUrl        where clients open the WebSocket, e.g. {@code ws://10.0.0.5:8080/ws}
 * @param quic         QUIC address as {@code host:port}, or empty when QUIC is off
 * @param maxRooms     rooms this node hosts at most
 * @param roomCapacity players per room on this node
 * @param players      players in all its rooms at its last heartbeat
 * @param draining     whether it refuses new rooms and seats (SIGTERM received)
 * @param heartbeatAt  wall-clock milliseconds of its last heartbeat
 */
public record NodeInfo(String nodeId, String wsUrl, String quic, int maxRooms, int roomCapacity, int players,
                       boolean draining, long heartbeatAt) {
}
