package dev.aetheris.protocol.seam;

import dev.aetheris.protocol.event.GameEvent;

/** Receives reliable gameplay events from {@link WorldState#extractReliableEvents}. */
@FunctionalInterface
public interface ReliableEventSink {
    /** Target meaning "every authenticated client". */
    long BROADCAST = 0L;

    /** @param targetClientId a client, or {@link #BROADCAST} */
    void event(long targetClientId, GameEvent event);
}
