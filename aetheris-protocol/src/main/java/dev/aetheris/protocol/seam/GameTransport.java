package dev.aetheris.protocol.seam;

import dev.aetheris.protocol.error.TransportException;

/**
 * Moves bytes between the room loop and clients. Implementations own sockets and framing; the room
 * loop owns the game.
 *
 * <p><b>Threading.</b> {@link #poll}, the {@code send} methods, {@link #disconnect} and
 * {@link #flush} are called only from the single room-loop thread. They never block: sends copy the
 * bytes into a bounded per-client queue and return. {@link #connectedCount} may be called from any
 * thread.
 *
 * <p><b>Allocation.</b> No method allocates in steady state; results are constants and inbound
 * data is lent to the handler for the duration of a callback.
 */
public interface GameTransport {

    /**
     * Delivers everything received since the previous poll to {@code handler}, then returns.
     *
     * @throws TransportException if the transport can no longer deliver (the tick is skipped)
     */
    void poll(InboundHandler handler) throws TransportException;

    /**
     * Queues a datagram. It may be lost; a full queue drops it and says {@link SendResult#QUEUE_FULL}.
     * The bytes are copied before return.
     */
    SendResult sendUnreliable(long clientId, byte[] data, int offset, int length);

    /**
     * Queues an ordered, reliable message. {@link SendResult#QUEUE_FULL} means the client cannot keep
     * up; the caller should disconnect it. The bytes are copied before return.
     */
    SendResult sendReliable(long clientId, byte[] data, int offset, int length);

    /** Queues a datagram to every connected client; returns how many accepted it. */
    int broadcastUnreliable(byte[] data, int offset, int length);

    /** Closes a connection; a later poll reports it through {@link InboundHandler#onDisconnected}. */
    void disconnect(long clientId, String reason);

    /**
     * Tells the transport that a client presented a valid {@code Auth}. Transports close
     * connections that are not authenticated within their deadline (5 s by default) and may
     * raise per-connection budgets once a client is known.
     */
    default void authenticated(long clientId) {
    }

    /**
     * Largest message {@link #sendUnreliable} accepts for this client: a datagram
     * ({@code Sizes.MAX_SAFE_PAYLOAD_SIZE}) where unreliable means datagrams, or a whole stream
     * message where unreliable sends ride an ordered stream anyway (WebSocket). The tick packs
     * state into frames of this size, so stream clients get one frame per tick instead of many.
     * Asked once per connection, on the room-loop thread, after it connected.
     */
    default int maxUnreliableSize(long clientId) {
        return dev.aetheris.protocol.Sizes.MAX_SAFE_PAYLOAD_SIZE;
    }

    /** Number of open connections (authenticated or not). Any thread. */
    int connectedCount();

    /** End of a tick's sends: implementations may write everything queued in one batch. */
    default void flush() {
    }
}
