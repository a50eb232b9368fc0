package dev.aetheris.transport.client;

/**
 * Receives what a {@link ClientConnection} gets from the server. Called on the connection's event
 * loop: implementations must be quick and must not block (hand work to another thread).
 */
public interface ClientListener {

    /**
     * One message from the server; {@code data} is a fresh array the listener may keep.
     *
     * @param reliable whether it came on the reliable channel (always true over WebSocket)
     */
    void onMessage(byte[] data, boolean reliable);

    /** The connection ended; {@code reason} is the server's close reason when it gave one. */
    void onClosed(String reason);
}
