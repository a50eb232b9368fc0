package dev.aetheris.transport;

import dev.aetheris.protocol.seam.DisconnectReason;
import dev.aetheris.transport.webtransport.WebTransportSettings;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.handler.codec.quic.EpollQuicUtils;
import io.netty.handler.codec.quic.QuicChannelOption;
import io.netty.handler.codec.quic.QuicTokenHandler;
import io.netty.handler.codec.quic.QuicChannel;
import io.netty.handler.codec.quic.QuicServerCodecBuilder;
import io.netty.handler.codec.quic.QuicSslContext;
import io.netty.handler.codec.quic.QuicSslContextBuilder;
import io.netty.handler.codec.quic.QuicStreamChannel;
import java.security.cert.X509Certificate;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The QUIC server: TLS 1.3 with ALPN {@value NettyGameTransport#ALPN} (native: RFC 9221 datagrams for
 * unreliable traffic, and one client-opened bidirectional stream per connection for reliable,
 * varint-length-prefixed messages) or {@code h3} on the same port, which gets the WebTransport
 * session layer ({@link WebTransportEdge}).
 */
final class QuicPort {
    private static final Logger LOG = LoggerFactory.getLogger(QuicPort.class);

    /** UDP payload size both ends allow; leaves room for a 1200-byte datagram frame plus headers. */
    static final int MAX_UDP_PAYLOAD = 1350;
    /**
     * Kernel receive buffer of the server's UDP socket. Every client's packets land in this one
     * socket; the default (~208 KiB, about 90 small packets of kernel bookkeeping) overflows when a
     * few hundred clients send in the same millisecond. The kernel caps it at net.core.rmem_max.
     */
    static final int SERVER_UDP_RCVBUF = 4 * 1024 * 1024;
    /** Datagrams quiche buffers per connection on receive. */
    static final int DATAGRAM_QUEUE = 1024;
    /**
     * Datagrams quiche may hold per connection on send. State is handed over only while the
     * congestion window has room, so this only bounds what one tick may leave behind when the
     * window closes mid-tick (quiche would keep it ahead of newer state).
     */
    static final int DATAGRAM_SEND_QUEUE = 128;
    /** UDP packets per GSO send (the kernel allows 64; 32 × 1350 B stays under one 64 KiB UDP send). */
    static final int GSO_SEGMENTS = 32;
    /**
     * Stream credit per connection (shared by both ALPNs, as quiche has one transport config). HTTP/3
     * needs the CONNECT stream and the session's stream (bidirectional) and the peer's control and
     * two QPACK streams (unidirectional); a native connection uses one stream and extras are closed.
     */
    static final int MAX_BIDI_STREAMS = 4;
    static final int MAX_UNI_STREAMS = 4;

    private QuicPort() {
    }

    static ChannelHandler serverCodec(NettyGameTransport transport, TlsMaterial tls, TransportLimits limits) {
        QuicSslContext ssl = QuicSslContextBuilder
                .forServer(tls.key(), null, tls.chain().toArray(X509Certificate[]::new))
                .applicationProtocols(NettyGameTransport.ALPN, WebTransportSettings.ALPN)
                .build();
        long streamWindow = Math.max(256 * 1024, 4L * limits.maxMessageSize());
        QuicServerCodecBuilder builder = new QuicServerCodecBuilder();
        if (NettyIo.udpSegmentation()) {
            // One sendmsg per connection flush carries all its packets (UDP GSO) instead of one each.
            builder.option(QuicChannelOption.SEGMENTED_DATAGRAM_PACKET_ALLOCATOR,
                    EpollQuicUtils.newSegmentedAllocator(GSO_SEGMENTS));
        }
        return builder
                .sslContext(ssl)
                .maxIdleTimeout(limits.idleTimeout().toMillis(), TimeUnit.MILLISECONDS)
                .maxSendUdpPayloadSize(MAX_UDP_PAYLOAD)
                .maxRecvUdpPayloadSize(MAX_UDP_PAYLOAD)
                .initialMaxData(4 * streamWindow)
                .initialMaxStreamDataBidirectionalRemote(streamWindow)
                .initialMaxStreamDataBidirectionalLocal(streamWindow)
                .initialMaxStreamsBidirectional(MAX_BIDI_STREAMS)
                .initialMaxStreamsUnidirectional(MAX_UNI_STREAMS)
                .datagram(DATAGRAM_QUEUE, DATAGRAM_SEND_QUEUE)
                // No retry round trip: connection setup latency matters more here; quiche still
                // limits amplification to 3x before the address is validated.
                .tokenHandler(NoRetry.INSTANCE)
                .handler(new ChannelInitializer<QuicChannel>() {
                    @Override
                    protected void initChannel(QuicChannel ch) {
                        ch.pipeline().addLast(new ConnectionHandler(transport));
                    }
                })
                .streamHandler(new ChannelInitializer<QuicStreamChannel>() {
                    @Override
                    protected void initChannel(QuicStreamChannel ch) {
                        if (WebTransportEdge.isHttp3((QuicChannel) ch.parent())) {
                            return; // the session layer and Netty's HTTP/3 handlers own these streams
                        }
                        Connection c = ch.parent().attr(NettyGameTransport.CONNECTION).get();
                        LOG.debug("stream {} opened by {}", ch.streamId(), c);
                        if (c == null || c.stream != null || !ch.isLocalCreated() && ch.type() != null
                                && ch.type() != io.netty.handler.codec.quic.QuicStreamType.BIDIRECTIONAL) {
                            ch.close(); // one reliable stream per connection
                            return;
                        }
                        c.stream = ch;
                        ch.pipeline().addLast(new VarintFrameDecoder(limits.maxMessageSize(), new StreamSink(transport, c)));
                        ch.pipeline().addLast(new StreamEndHandler(transport, c));
                    }
                })
                .build();
    }

    /** Skips QUIC address validation (no Retry packet). */
    enum NoRetry implements QuicTokenHandler {
        INSTANCE;

        @Override
        public boolean writeToken(ByteBuf out, ByteBuf dcid, java.net.InetSocketAddress address) {
            return false;
        }

        @Override
        public int validateToken(ByteBuf token, java.net.InetSocketAddress address) {
            return 0;
        }

        @Override
        public int maxTokenLength() {
            return 0;
        }
    }

    /** Per-connection handler on the {@link QuicChannel}: admission, datagrams, end of connection. */
    static final class ConnectionHandler extends ChannelInboundHandlerAdapter {
        private final NettyGameTransport transport;
        private Connection conn;

        ConnectionHandler(NettyGameTransport transport) {
            this.transport = transport;
        }

        @Override
        public void channelActive(ChannelHandlerContext ctx) throws Exception {
            QuicChannel ch = (QuicChannel) ctx.channel();
            boolean http3 = WebTransportEdge.isHttp3(ch);
            if (!transport.admit(ch.remoteSocketAddress(),
                    transport.counters(http3 ? Connection.Kind.WT : Connection.Kind.QUIC))) {
                ch.close(true, 0x429, io.netty.buffer.Unpooled.EMPTY_BUFFER);
                return;
            }
            if (http3) {
                ctx.pipeline().remove(this);
                WebTransportEdge.install(ch, transport);
                return;
            }
            conn = transport.register(Connection.Kind.QUIC, ch, ch.remoteSocketAddress());
            super.channelActive(ctx);
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (!(msg instanceof ByteBuf datagram)) {
                ctx.fireChannelRead(msg); // new streams travel the pipeline to be registered
                return;
            }
            try {
                if (conn != null) {
                    transport.onInbound(conn, datagram, datagram.readerIndex(), datagram.readableBytes(), false);
                }
            } finally {
                datagram.release();
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) throws Exception {
            if (conn != null) {
                if (((QuicChannel) ctx.channel()).isTimedOut() && conn.serverCloseReason == null) {
                    conn.counters.idleTimeout();
                    conn.serverCloseReason = DisconnectReason.DISCONNECTED;
                }
                transport.onChannelClosed(conn, DisconnectReason.CLIENT_DISCONNECTED);
            }
            super.channelInactive(ctx);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            // A failed datagram write (e.g. larger than the peer accepts) is not fatal.
            LOG.debug("QUIC connection {}: {}", conn, cause.toString());
        }
    }

    /** Delivers reliable messages from the stream; an oversize prefix closes the connection. */
    static final class StreamSink implements VarintFrameDecoder.Sink {
        private final NettyGameTransport transport;
        private final Connection conn;

        StreamSink(NettyGameTransport transport, Connection conn) {
            this.transport = transport;
            this.conn = conn;
        }

        @Override
        public void onFrame(ChannelHandlerContext ctx, ByteBuf buf, int index, int length) {
            if (length == 0) {
                return; // the opening no-op frame
            }
            transport.onInbound(conn, buf, index, length, true);
        }

        @Override
        public void onOversize(ChannelHandlerContext ctx, long announcedLength) {
            if (!conn.closing) {
                conn.counters.oversizeClose();
                LOG.debug("closing {}: message of {} bytes announced", conn, announcedLength);
                transport.closeConnection(conn, DisconnectReason.DISCONNECTED, 1009, "message too big");
            }
        }
    }

    /**
     * The reliable stream's end and writability: without the stream the connection is unusable;
     * its writability returning means the congestion window has room for held-back state again.
     */
    static final class StreamEndHandler extends ChannelInboundHandlerAdapter {
        private final NettyGameTransport transport;
        private final Connection conn;

        StreamEndHandler(NettyGameTransport transport, Connection conn) {
            this.transport = transport;
            this.conn = conn;
        }

        @Override
        public void channelWritabilityChanged(ChannelHandlerContext ctx) throws Exception {
            if (ctx.channel().isWritable()) {
                conn.flushNow(); // send capacity is back: the newest state held back can go
            }
            super.channelWritabilityChanged(ctx);
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) throws Exception {
            QuicChannel parent = (QuicChannel) ctx.channel().parent();
            // Streams also end when the whole connection does (idle timeout, close): that is not a reset.
            if (conn.open && !conn.closing && parent.isActive() && !parent.isTimedOut()) {
                transport.closeConnection(conn, DisconnectReason.STREAM_RESET, 0, "reliable stream closed");
            }
            super.channelInactive(ctx);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            LOG.debug("QUIC stream of {}: {}", conn, cause.toString());
            ctx.close();
        }
    }
}
