package dev.aetheris.fleet;

import java.util.List;

/** What this node runs, as its heartbeat reports it. Called on the heartbeat thread. */
public interface LocalRooms {

    /**
     * The rooms this node runs now, with their player counts. A player whose seat claim the
     * node's {@link SeatGate#pollConsumed} returned before this call is counted (or has left):
     * a room counts a player when it admits it, before the player can claim a seat.
     */
    List<RoomInfo> snapshot();

    /** Whether the node is draining (no new rooms or seats). */
    boolean draining();
}
