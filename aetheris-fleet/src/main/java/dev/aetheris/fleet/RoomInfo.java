package dev.aetheris.fleet;

/**
 * One room as the cluster directory lists it ({@code GET /v1/rooms}).
 *
 * @param roomId   unique in the cluster
 * @param nodeId   the node that runs it
 * @param kind     its kind, e.g. {@code playground}
 * @param players  players in it at its node's last heartbeat
 * @param capacity players it takes at most
 * @param matchable whether matchmaking may seat players in it (a node's default room, where
 *                 clients without a reservation land, is listed but not matchable)
 */
public record RoomInfo(String roomId, String nodeId, String kind, int players, int capacity, boolean matchable) {

    /** A matchable room. */
    public RoomInfo(String roomId, String nodeId, String kind, int players, int capacity) {
        this(roomId, nodeId, kind, players, capacity, true);
    }
}
