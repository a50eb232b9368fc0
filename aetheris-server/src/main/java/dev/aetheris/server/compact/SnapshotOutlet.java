package dev.aetheris.server.compact;

/**
 * Where the v2 encoder's bytes go (the tick's send helpers). Called on the room-loop thread; the
 * bytes are lent for the duration of the call.
 */
public interface SnapshotOutlet {
    /** Largest unreliable message for the client (a datagram, or a stream frame). */
    int frameLimit(long clientId);

    /** Queues a snapshot; false if it was dropped (a lost snapshot only delays convergence). */
    boolean sendUnreliable(long clientId, byte[] data, int offset, int length);

    /** Queues the schema, reliably. */
    void sendReliable(long clientId, byte[] data, int offset, int length);
}
