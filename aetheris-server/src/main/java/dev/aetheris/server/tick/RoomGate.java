package dev.aetheris.server.tick;

import dev.aetheris.protocol.seam.Session;

/**
 * How a room loop decides on a {@code JoinRoom}: whether the presented seat reservation is for
 * this room and this player, unexpired, and not used before. Refusals are counted by the
 * implementation; the loop closes the refused connection. Room-loop thread; must not block.
 */
@FunctionalInterface
public interface RoomGate {

    /** A loop without rooms: every reservation is refused. */
    RoomGate NONE = (reservation, session) -> "this server hosts no rooms to join";

    /**
     * Claims the seat.
     *
     * @return null if the seat is this player's now, else why not (sent as the close reason)
     */
    String claim(String reservation, Session session);
}
