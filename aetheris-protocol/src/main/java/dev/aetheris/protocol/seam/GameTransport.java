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
     *
     * <p><b>Newest state wins.</b> Everything sent unreliably to a client between two
     * {@link #flush} calls is that client's state of one tick. If a tick's state has not left when
     * the next tick's is flushed, transports drop the older one (and count it) rather than queue
     * both; a later tick repeats whatever the client still needs.
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

    /**
     * How many more bytes the connection of {@code clientId} can take now without queueing behind
     * the network: the transport's view of its congestion window, flow credit or socket buffer.
     * The room loop fits a client's state for this tick into it; reliable messages are not limited
     * by it (they go out first whatever it says).
     *
     * <ul>
     *   <li><b>Unit:</b> payload bytes, {@code 0..Integer.MAX_VALUE}. {@code 0} means "send no
     *       state this tick": the previous state has not left yet, or the client is unknown or
     *       closing. {@code Integer.MAX_VALUE} means the transport sets no limit.</li>
     *   <li><b>Thread:</b> the room-loop thread, like the sends. Never blocks, never allocates.</li>
     *   <li><b>When it changes:</b> at any time, on the transport's own threads, as the network
     *       acknowledges data or buffers drain; it is an estimate, not a reservation. It does
     *       <i>not</i> go down as the caller sends during a tick (sends are only queued until
     *       {@link #flush}): callers ask once per client per tick and subtract what they queue.</li>
     *   <li><b>What exceeding it does:</b> nothing breaks. Unreliable state beyond it is likely to
     *       be superseded by the next tick's state (dropped and counted), never queued behind it.</li>
     * </ul>
     *
     * <p>The default, for transports that cannot tell, is {@code Integer.MAX_VALUE}.
     */
    default int sendCapacity(long clientId) {
        return Integer.MAX_VALUE;
    }

    /** Number of open connections (authenticated or not). Any thread. */
    int connectedCount();

    /**
     * End of a tick's sends: the unreliable data sent since the previous flush becomes the
     * clients' newest state, and implementations may write everything queued in one batch,
     * reliable messages ahead of state.
     */
    default void flush() {
    }
}
