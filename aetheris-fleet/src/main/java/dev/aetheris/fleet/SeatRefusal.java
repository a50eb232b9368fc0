package dev.aetheris.fleet;

/** Why a seat reservation was refused; counted by reason in {@code aetheris_seat_refusals_total}. */
public enum SeatRefusal {
    /** Not a reservation at all, or its signature does not verify. */
    FORGED,
    /** Its deadline has passed. */
    EXPIRED,
    /** It was already used. */
    REUSED,
    /** It is for a room on another node. */
    WRONG_NODE,
    /** It was issued to another player. */
    WRONG_PLAYER,
    /** It is for a room this node cannot host (unknown kind, node full or draining). */
    UNAVAILABLE,
    /** None was granted: a connection reached a matchmade room without a valid {@code JoinRoom} behind its Auth. */
    MISSING;

    /** The label value in metrics and close reasons. */
    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
