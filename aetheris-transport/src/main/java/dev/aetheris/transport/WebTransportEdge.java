package dev.aetheris.transport;

import dev.aetheris.protocol.seam.DisconnectReason;
import dev.aetheris.transport.webtransport.SessionSink;
import dev.aetheris.transport.webtransport.WebTransportServer;
import dev.aetheris.transport.webtransport.WebTransportSettings;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http3.Http3ErrorCode;
import io.netty.handler.codec.quic.QuicChannel;
import io.netty.handler.codec.quic.QuicStreamChannel;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes each WebTransport session an ordinary client of {@link NettyGameTransport}: the session is
 * a {@link Connection} of kind {@code WT} on the QUIC connection, its first bidirectional stream is
 * the reliable channel (the native QUIC framing), its datagrams the unreliable one. The same auth
 * deadline (counted from the QUIC connection, so a slow CONNECT does not extend it), budgets and
 * counters apply (transport label {@code wt}). A session the client ends
 * reaches the tick as {@link DisconnectReason#SESSION_CLOSED}; a reset reliable stream as
 * {@link DisconnectReason#STREAM_RESET}.
 *
 * <p>Threading: as {@link SessionSink}, the connection's event loop.
 */
final class WebTransportEdge implements SessionSink<Connection> {
    private static final Logger LOG = LoggerFactory.getLogger(WebTransportEdge.class);

    private final NettyGameTransport transport;
    /** When the QUIC connection was admitted: the Auth deadline runs from here, not from the CONNECT. */
    private final long admittedAt = System.nanoTime();

    private WebTransportEdge(NettyGameTransport transport) {
        this.transport = transport;
    }

    /** Whether the QUIC connection negotiated HTTP/3 (and so may carry a WebTransport session). */
    static boolean isHttp3(QuicChannel channel) {
        return channel.sslEngine() != null
                && WebTransportSettings.ALPN.equals(channel.sslEngine().getApplicationProtocol());
    }

    /** Event loop: an admitted HTTP/3 connection gets the session layer. */
    static void install(QuicChannel channel, NettyGameTransport transport) {
        WebTransportServer.install(channel, new WebTransportEdge(transport), NettyGameTransport.WT_PATH, transport.limits().authDeadline());
    }

    /**
     * Closes a session on the server's initiative: the close capsule with code and reason, then the
     * QUIC connection. {@code graceful} sends the capsule only after the grace that lets what the
     * tick queued on the session's stream arrive: a client ends the session the moment the capsule
     * arrives, whatever is still in flight on the other stream.
     */
    static void close(Connection c, int code, String reason, boolean graceful) {
        QuicChannel q = (QuicChannel) c.channel;
        if (graceful && q.isActive()) {
            q.eventLoop().schedule(() -> closeNow(q, code, reason), NettyGameTransport.QUIC_CLOSE_GRACE_MS,
                    TimeUnit.MILLISECONDS);
        } else {
            closeNow(q, code, reason);
        }
    }

    private static void closeNow(QuicChannel q, int code, String reason) {
        WebTransportServer.closeSession(q, code, reason);
        // Queued behind the capsule's write, so the capsule reaches the connection before CONNECTION_CLOSE.
        q.eventLoop().execute(() -> q.close(true, Http3ErrorCode.H3_NO_ERROR.code(), Unpooled.EMPTY_BUFFER));
    }

    @Override
    public Connection opened(QuicChannel connection, long sessionId) {
        long authLeft = transport.limits().authDeadline().toNanos() - (System.nanoTime() - admittedAt);
        return transport.register(Connection.Kind.WT, connection, connection.remoteSocketAddress(), sessionId >>> 2,
                Math.max(0, authLeft));
    }

    @Override
    public void datagram(Connection c, ByteBuf buf, int index, int length) {
        transport.onInbound(c, buf, index, length, false);
    }

    @Override
    public boolean streamOpened(Connection c, QuicStreamChannel stream) {
        if (c.stream != null || c.closing) {
            return false; // one reliable stream per session
        }
        c.stream = stream;
        stream.pipeline().addLast(new VarintFrameDecoder(transport.limits().maxMessageSize(),
                new QuicPort.StreamSink(transport, c)));
        stream.pipeline().addLast(new QuicPort.StreamEndHandler(transport, c));
        return true;
    }

    @Override
    public void sessionClosed(Connection c) {
        transport.onChannelClosed(c, DisconnectReason.SESSION_CLOSED);
    }

    @Override
    public void connectionClosed(Connection c) {
        if (((QuicChannel) c.channel).isTimedOut() && c.serverCloseReason == null && c.open) {
            c.counters.idleTimeout();
            c.serverCloseReason = DisconnectReason.DISCONNECTED;
        }
        transport.onChannelClosed(c, DisconnectReason.SESSION_CLOSED);
    }

    @Override
    public void noSessionInTime(QuicChannel connection) {
        transport.counters(Connection.Kind.WT).authTimeout();
        LOG.debug("WebTransport {}: no session within {}", connection.remoteSocketAddress(),
                transport.limits().authDeadline());
    }

    @Override
    public void refused(QuicChannel connection, String why) {
        transport.counters(Connection.Kind.WT).incDroppedInbound();
        LOG.debug("WebTransport {}: {}", connection.remoteSocketAddress(), why);
    }
}
