package dev.aetheris.transport.webtransport;

import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.quic.QuicChannel;
import io.netty.handler.codec.quic.QuicStreamChannel;

/**
 * Where the WebTransport session layer hands a session to the game transport. The session layer
 * speaks HTTP/3 (CONNECT, datagram prefixes, stream headers, capsules); the sink knows nothing of
 * that and sees one session as one client.
 *
 * <p><b>Threading.</b> Every method is called on the event loop of the session's {@link QuicChannel}
 * and must not block.
 *
 * @param <S> the sink's handle for one session
 */
public interface SessionSink<S> {

    /**
     * A CONNECT request for the WebTransport path was accepted.
     *
     * @param sessionId the CONNECT stream's id (datagrams carry it divided by four)
     * @return the session's handle, or {@code null} to refuse it (the client gets 503)
     */
    S opened(QuicChannel connection, long sessionId);

    /** One datagram of the session; {@code buf} is lent for the call only. */
    void datagram(S session, ByteBuf buf, int index, int length);

    /**
     * The client opened a bidirectional stream of the session; its header has been consumed and
     * the HTTP/3 handlers removed. The sink adds its own handlers to the stream's pipeline.
     *
     * @return false to refuse the stream (the session already has one); it is then closed
     */
    boolean streamOpened(S session, QuicStreamChannel stream);

    /** The client ended the session (CLOSE_WEBTRANSPORT_SESSION, end or reset of the CONNECT stream). */
    void sessionClosed(S session);

    /** The QUIC connection of an opened session ended, for whatever reason. */
    void connectionClosed(S session);

    /**
     * The connection opened no session before its deadline and is being closed: for the game it
     * is a client that did not authenticate in time.
     */
    void noSessionInTime(QuicChannel connection);

    /** A request or frame that breaks the protocol was refused (counted by the sink). */
    void refused(QuicChannel connection, String why);
}
