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

    /**
     * Whether a connection must claim a seat before it may play here (a matchmade room). If so, a
     * connection whose accepted {@code Auth} was not followed by a granted {@code JoinRoom} (the
     * reservation travels right behind the Auth) is closed: a failed Auth cannot shed the
     * reservation a room was chosen by. False for a default room and a loop without rooms.
     */
    default boolean seatRequired() {
        return false;
    }

    /**
     * Counts a connection admitted without a seat where one is required.
     *
     * @return the close reason
     */
    default String unseated(Session session) {
        return "a seat reservation is required in this room";
    }
}
