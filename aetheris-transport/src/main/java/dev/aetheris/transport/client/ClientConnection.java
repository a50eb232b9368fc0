package dev.aetheris.transport.client;

/**
 * One client connection to an Aetheris server, over WebSocket, native QUIC or WebTransport. Sends copy the bytes
 * and never block; they may be called from any thread.
 */
public interface ClientConnection extends AutoCloseable {

    /** {@code "ws"}, {@code "quic"} or {@code "wt"} (WebTransport). */
    String transport();

    /**
     * Queues an ordered, reliable message.
     *
     * @return false if the connection is closed or the message exceeds the maximum size
     */
    boolean sendReliable(byte[] data, int offset, int length);

    /**
     * Queues a datagram (over WebSocket it rides the same ordered stream).
     *
     * @return false if it was not sent: closed, too large, or the socket is backed up
     */
    boolean sendUnreliable(byte[] data, int offset, int length);

    /** {@link #sendReliable(byte[], int, int)} of the whole array. */
    default boolean sendReliable(byte[] data) {
        return sendReliable(data, 0, data.length);
    }

    /** {@link #sendUnreliable(byte[], int, int)} of the whole array. */
    default boolean sendUnreliable(byte[] data) {
        return sendUnreliable(data, 0, data.length);
    }

    /** Whether the connection is open. */
    boolean isOpen();

    /** Closes the connection politely (close frame / QUIC CONNECTION_CLOSE). */
    @Override
    void close();

    /**
     * Drops the socket without telling the server, as a crashed or unplugged client would. For
     * tests and fault injection: over QUIC the server only notices through its idle timeout.
     */
    void abandon();

    /**
     * Resets the reliable stream (RESET_STREAM and STOP_SENDING) and leaves the connection up, as a
     * broken client would. For tests and fault injection; the server treats it as a lost client.
     *
     * @throws UnsupportedOperationException over WebSocket, which has no separate stream
     */
    default void resetReliableStream() {
        throw new UnsupportedOperationException(transport() + " has no separate reliable stream");
    }
}
