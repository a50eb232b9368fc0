package dev.aetheris.protocol.seam;

/**
 * Receives what a {@link GameTransport} collected since the last poll, in arrival order per client.
 * Called only on the polling (room loop) thread, from inside {@link GameTransport#poll}.
 */
public interface InboundHandler {

    /** A connection opened; it is not authenticated yet. */
    void onConnected(long clientId);

    /** A connection ended; no further message from it follows in this poll. */
    void onDisconnected(long clientId, DisconnectReason reason);

    /**
     * One message. {@code data} is only valid during this call (the transport reuses it); copy
     * what must outlive it.
     *
     * @param reliable whether it came on the reliable, ordered channel
     */
    void onMessage(long clientId, byte[] data, int offset, int length, boolean reliable);
}
