package dev.aetheris.server.compact;

/**
 * Where the v2 encoder reads each client's own entity (its ship), which a snapshot cut short by
 * the frame never leaves out twice in a row. Called on the room-loop thread once per client per
 * send; must not allocate.
 */
@FunctionalInterface
public interface FocusEntities {
    /** The network id of {@code clientId}'s own entity, 0 if none. */
    long focus(long clientId);
}
