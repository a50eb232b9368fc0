package dev.aetheris.server.tick;

import dev.aetheris.protocol.seam.GameTransport;

/**
 * The transport's congestion signal for one client ({@link GameTransport#sendCapacity}), in bytes
 * for this state send, which the replication core intersects with the client's budget. Asked once
 * per client per send. Room-loop thread only.
 */
final class TransportCapacity {
    private final GameTransport transport;

    TransportCapacity(GameTransport transport) {
        this.transport = transport;
    }

    /** Bytes the transport can take for {@code clientId} this send; {@code Integer.MAX_VALUE} = no limit. */
    int bytesPerSend(long clientId) {
        return transport.sendCapacity(clientId);
    }
}
