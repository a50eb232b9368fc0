package dev.aetheris.server.tick;

import dev.aetheris.protocol.seam.GameTransport;

/**
 * The transport's congestion signal for one client, in bytes per state send, which the
 * replication core intersects with the client's budget. The transports do not report one yet, so
 * this answers "unlimited"; it is the one place to ask the transport once they do.
 * Room-loop thread only.
 */
final class TransportCapacity {
    @SuppressWarnings("unused") // asked once the transports report a per-client capacity
    private final GameTransport transport;

    TransportCapacity(GameTransport transport) {
        this.transport = transport;
    }

    /** Bytes the transport can take for {@code clientId} this send; {@code Integer.MAX_VALUE} = no limit. */
    int bytesPerSend(long clientId) {
        return Integer.MAX_VALUE;
    }
}
