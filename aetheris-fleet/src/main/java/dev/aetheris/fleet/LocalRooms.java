package dev.aetheris.fleet;

import java.util.List;

/** What this node runs, as its heartbeat reports it. Called on the heartbeat thread. */
public interface LocalRooms {

    /** The rooms this node runs now, with their player counts. */
    List<RoomInfo> snapshot();

    /** Whether the node is draining (no new rooms or seats). */
    boolean draining();
}
