package dev.aetheris.transport.webtransport;

import dev.aetheris.transport.QuicVarint;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.handler.codec.http3.DefaultHttp3DataFrame;
import io.netty.handler.codec.http3.Http3ErrorCode;
import io.netty.handler.codec.http3.Http3Headers;
import io.netty.handler.codec.http3.Http3ServerConnectionHandler;
import io.netty.handler.codec.quic.QuicChannel;
import io.netty.handler.codec.quic.QuicStreamChannel;
import io.netty.handler.codec.quic.QuicStreamType;
import io.netty.util.AttributeKey;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server side of one HTTP/3 connection that may carry one WebTransport session: it sits in
 * front of Netty's {@link Http3ServerConnectionHandler} on the {@link QuicChannel}, accepts one
 * extended CONNECT to the session path, strips the quarter-stream-id prefix of datagrams, and takes
 * client bidirectional streams that start with the WebTransport signal away from the HTTP/3 codec.
 *
 * <p>Datagrams for another session id, or arriving before the session, are dropped and reported to
 * {@link SessionSink#refused}. A connection that has no session when {@code sessionDeadline}
 * passes is reported to {@link SessionSink#noSessionInTime} and closed.
 *
 * <p><b>Threading.</b> One instance per connection, used only on that connection's event loop;
 * {@link #closeSession} may be called from any thread.
 *
 * @param <S> the sink's session handle
 */
public final class WebTransportServer<S> extends ChannelInboundHandlerAdapter {
    private static final Logger LOG = LoggerFactory.getLogger(WebTransportServer.class);
    private static final AttributeKey<WebTransportServer<?>> KEY = AttributeKey.valueOf("aetheris.webtransport");

    private final SessionSink<S> sink;
    private final String path;
    private final Duration sessionDeadline;
    private QuicChannel channel;
    private S session;
    private long sessionId = -1;
    private QuicStreamChannel connectStream;
    private boolean ended;

    private WebTransportServer(SessionSink<S> sink, String path, Duration sessionDeadline) {
        this.sink = sink;
        this.path = path;
        this.sessionDeadline = sessionDeadline;
    }

    /**
     * Adds the session layer and Netty's HTTP/3 server handler to an established connection that
     * negotiated ALPN {@value WebTransportSettings#ALPN}. Call on its event loop.
     *
     * @param path            the only path a session may be opened on, e.g. {@code /wt}
     * @param sessionDeadline how long the connection may exist without a session
     */
    public static <S> void install(QuicChannel channel, SessionSink<S> sink, String path, Duration sessionDeadline) {
        WebTransportServer<S> server = new WebTransportServer<>(sink, path, sessionDeadline);
        channel.attr(KEY).set(server);
        channel.pipeline().addLast(server);
        channel.pipeline().addLast(new Http3ServerConnectionHandler(new ChannelInitializer<QuicStreamChannel>() {
            @Override
            protected void initChannel(QuicStreamChannel ch) {
                ch.pipeline().addLast(new ConnectStreamHandler(server));
            }
        }, null, null, WebTransportSettings.settingsFrame(), true));
    }

    /**
     * Ends the session from the server's side: a CLOSE_WEBTRANSPORT_SESSION capsule and the end of
     * the CONNECT stream. The caller closes the QUIC connection afterwards. Any thread.
     */
    public static void closeSession(QuicChannel channel, int code, String reason) {
        WebTransportServer<?> server = channel.attr(KEY).get();
        if (server == null) {
            return;
        }
        if (!channel.eventLoop().inEventLoop()) {
            channel.eventLoop().execute(() -> closeSession(channel, code, reason));
            return;
        }
        QuicStreamChannel s = server.connectStream;
        server.ended = true;
        if (s != null && s.isActive()) {
            s.writeAndFlush(new DefaultHttp3DataFrame(Capsules.closeSession(s.alloc(), code, reason)))
                    .addListener(QuicStreamChannel.SHUTDOWN_OUTPUT);
        }
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        channel = (QuicChannel) ctx.channel();
        channel.eventLoop().schedule(() -> {
            if (session == null && channel.isActive()) {
                sink.noSessionInTime(channel);
                channel.close(true, Http3ErrorCode.H3_REQUEST_REJECTED.code(), io.netty.buffer.Unpooled.EMPTY_BUFFER);
            }
        }, sessionDeadline.toNanos(), TimeUnit.NANOSECONDS);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof QuicStreamChannel stream) {
            if (stream.type() == QuicStreamType.BIDIRECTIONAL && !stream.isLocalCreated()) {
                // First in the stream's pipeline: Netty's HTTP/3 handler adds its codec after it.
                stream.pipeline().addLast(new StreamSniffer(this));
            }
            ctx.fireChannelRead(msg);
            return;
        }
        if (!(msg instanceof ByteBuf datagram)) {
            ctx.fireChannelRead(msg);
            return;
        }
        try {
            int index = datagram.readerIndex();
            int end = datagram.writerIndex();
            long quarterId = QuicVarint.peek(datagram, index, end);
            if (session == null || ended || quarterId != sessionId >>> 2) {
                sink.refused(channel, "datagram for no open session");
                return;
            }
            int prefix = QuicVarint.lengthOf(datagram.getByte(index));
            sink.datagram(session, datagram, index + prefix, end - index - prefix);
        } finally {
            datagram.release();
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        if (session != null) {
            ended = true;
            sink.connectionClosed(session);
        }
        super.channelInactive(ctx);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        // Failed datagram writes and HTTP/3 errors the codec already answered are not fatal here.
        LOG.debug("WebTransport connection {}: {}", channel, cause.toString());
    }

    // ---------------------------------------------------------------- called by the stream handlers

    /** A CONNECT request arrived on {@code stream}: the HTTP status to answer. */
    int accept(QuicStreamChannel stream, Http3Headers headers) {
        CharSequence method = headers.method();
        if (method == null || !"CONNECT".contentEquals(method)
                || !WebTransportSettings.isWebTransportProtocol(headers.protocol())) {
            sink.refused(channel, "not a WebTransport CONNECT");
            return 400;
        }
        CharSequence p = headers.path();
        String requested = p == null ? "" : p.toString();
        int query = requested.indexOf('?');
        if (!path.equals(query < 0 ? requested : requested.substring(0, query))) {
            sink.refused(channel, "unknown WebTransport path");
            return 404;
        }
        if (session != null || ended) {
            sink.refused(channel, "second WebTransport session");
            return 429;
        }
        S s = sink.opened(channel, stream.streamId());
        if (s == null) {
            return 503;
        }
        session = s;
        sessionId = stream.streamId();
        connectStream = stream;
        return 200;
    }

    /** The session's CONNECT stream ended, was reset or carried a close capsule. */
    void peerClosed(QuicStreamChannel stream) {
        if (stream != connectStream || ended) {
            return;
        }
        if (!channel.isActive() || channel.isTimedOut()) {
            // The stream ended with the whole connection (idle timeout, CONNECTION_CLOSE): that is
            // reported once, by channelInactive, which can tell a timeout from a client's close.
            return;
        }
        ended = true;
        sink.sessionClosed(session);
        channel.close(true, Http3ErrorCode.H3_NO_ERROR.code(), io.netty.buffer.Unpooled.EMPTY_BUFFER);
    }

    /** A client stream announced itself as belonging to session {@code id}: hand it to the sink. */
    boolean adopt(QuicStreamChannel stream, long id) {
        if (session == null || ended || id != sessionId) {
            sink.refused(channel, "stream for no open session");
            return false;
        }
        return sink.streamOpened(session, stream);
    }

    void refused(String why) {
        sink.refused(channel, why);
    }
}
