package dev.aetheris.transport.client;

import dev.aetheris.protocol.Sizes;
import dev.aetheris.transport.NettyIo;
import dev.aetheris.transport.QuicVarint;
import dev.aetheris.transport.VarintFrameDecoder;
import dev.aetheris.transport.webtransport.Capsules;
import dev.aetheris.transport.webtransport.WebTransportSettings;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.handler.codec.http3.DefaultHttp3DataFrame;
import io.netty.handler.codec.http3.DefaultHttp3Headers;
import io.netty.handler.codec.http3.DefaultHttp3HeadersFrame;
import io.netty.handler.codec.http3.Http3;
import io.netty.handler.codec.http3.Http3ClientConnectionHandler;
import io.netty.handler.codec.http3.Http3ErrorCode;
import io.netty.handler.codec.quic.QuicChannel;
import io.netty.handler.codec.quic.QuicClientCodecBuilder;
import io.netty.handler.codec.quic.QuicSslContext;
import io.netty.handler.codec.quic.QuicStreamChannel;
import io.netty.handler.codec.quic.QuicStreamType;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The client side of a WebTransport session over Netty's HTTP/3: QUIC with ALPN {@code h3},
 * the WebTransport SETTINGS, an extended CONNECT ({@code :protocol webtransport}) to the URI's path,
 * then one bidirectional stream (signal {@code 0x41} and the session id, then the native QUIC
 * framing) for reliable messages and HTTP/3 datagrams (quarter stream id first) for unreliable ones.
 */
final class WebTransportConnector {
    private WebTransportConnector() {
    }

    static CompletableFuture<ClientConnection> connect(EventLoopGroup group, ClientTransport.Options options,
                                                      QuicSslContext ssl, URI uri, ClientListener listener) {
        CompletableFuture<ClientConnection> result = new CompletableFuture<>();
        InetSocketAddress server = new InetSocketAddress(uri.getHost(), uri.getPort() > 0 ? uri.getPort() : 443);
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        long window = Math.max(256 * 1024, 4L * options.maxMessageSize());
        ChannelHandler codec = new QuicClientCodecBuilder()
                .sslContext(ssl)
                .maxIdleTimeout(options.idleTimeout().toMillis(), TimeUnit.MILLISECONDS)
                .maxSendUdpPayloadSize(1350)
                .maxRecvUdpPayloadSize(1350)
                .initialMaxData(4 * window)
                .initialMaxStreamDataBidirectionalLocal(window)
                .initialMaxStreamDataBidirectionalRemote(window)
                .initialMaxStreamDataUnidirectional(64 * 1024)
                .initialMaxStreamsBidirectional(0)
                // The server's control stream and its two QPACK streams.
                .initialMaxStreamsUnidirectional(4)
                .datagram(1024, 1024)
                .build();
        Session session = new Session(listener, options.maxMessageSize(), result);
        new Bootstrap().group(group).channel(NettyIo.datagramChannelClass())
                .option(ChannelOption.SO_RCVBUF, 1024 * 1024)
                .handler(codec).bind(0)
                .addListener((ChannelFuture bound) -> {
                    if (!bound.isSuccess()) {
                        result.completeExceptionally(bound.cause());
                        return;
                    }
                    session.udp = bound.channel();
                    QuicChannel.newBootstrap(session.udp)
                            .handler(new ChannelInitializer<QuicChannel>() {
                                @Override
                                protected void initChannel(QuicChannel ch) {
                                    ch.pipeline().addLast(new Http3ClientConnectionHandler(
                                            new SettingsWatcher(session, uri, path), null, null,
                                            WebTransportSettings.settingsFrame(), true,
                                            (id, value) -> WebTransportSettings.isWebTransportSetting(id)));
                                    ch.pipeline().addLast(session);
                                }
                            })
                            .remoteAddress(server)
                            .connect()
                            .addListener(connected -> {
                                if (!connected.isSuccess()) {
                                    session.udp.close();
                                    result.completeExceptionally(connected.cause());
                                    return;
                                }
                                session.quic = (QuicChannel) connected.getNow();
                            });
                });
        // No answer in time (e.g. SETTINGS without WebTransport never lead to a CONNECT).
        group.next().schedule(() -> {
            if (result.completeExceptionally(new java.util.concurrent.TimeoutException(
                    "WebTransport session not established within " + options.connectTimeout()))) {
                session.abandon();
            }
        }, options.connectTimeout().toMillis(), TimeUnit.MILLISECONDS);
        return result;
    }

    /** Sends the CONNECT once the server's SETTINGS say it speaks WebTransport. */
    private static final class SettingsWatcher extends ChannelInboundHandlerAdapter {
        private final Session session;
        private final URI uri;
        private final String path;

        SettingsWatcher(Session session, URI uri, String path) {
            this.session = session;
            this.uri = uri;
            this.path = path;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (msg instanceof io.netty.handler.codec.http3.Http3SettingsFrame settings) {
                QuicChannel quic = (QuicChannel) ctx.channel().parent();
                Long connect = settings.get(WebTransportSettings.ENABLE_CONNECT_PROTOCOL);
                Long datagrams = settings.get(WebTransportSettings.H3_DATAGRAM);
                if (connect == null || connect != 1 || datagrams == null || datagrams != 1) {
                    session.fail(quic, "the server's HTTP/3 SETTINGS do not enable extended CONNECT and datagrams");
                } else {
                    session.sendConnect(quic, uri, path);
                }
            }
            io.netty.util.ReferenceCountUtil.release(msg);
        }
    }

    /** One session: the ClientConnection, the QUIC connection's datagram handler and the stream sink. */
    private static final class Session extends ChannelInboundHandlerAdapter
            implements ClientConnection, VarintFrameDecoder.Sink, ConnectResponse.Owner {
        private final ClientListener listener;
        private final int maxMessageSize;
        private final CompletableFuture<ClientConnection> ready;
        volatile Channel udp;
        volatile QuicChannel quic;
        private volatile QuicStreamChannel connectStream;
        private volatile QuicStreamChannel stream;
        private volatile long sessionId = -1;
        private volatile String closeReason;
        private boolean closedNotified;

        Session(ClientListener listener, int maxMessageSize, CompletableFuture<ClientConnection> ready) {
            this.listener = listener;
            this.maxMessageSize = maxMessageSize;
            this.ready = ready;
        }

        void fail(QuicChannel q, String why) {
            ready.completeExceptionally(new java.io.IOException(why));
            q.close(true, Http3ErrorCode.H3_NO_ERROR.code(), Unpooled.EMPTY_BUFFER);
        }

        void sendConnect(QuicChannel q, URI uri, String path) {
            Http3.newRequestStream(q, new ConnectResponse(this)).addListener(f -> {
                if (!f.isSuccess()) {
                    fail(q, "cannot open the CONNECT stream: " + f.cause());
                    return;
                }
                QuicStreamChannel s = (QuicStreamChannel) f.getNow();
                connectStream = s;
                DefaultHttp3Headers h = new DefaultHttp3Headers();
                h.method("CONNECT").protocol("webtransport").scheme("https")
                        .authority(uri.getHost() + ":" + uri.getPort()).path(path);
                h.set("sec-webtransport-http3-draft02", "1");
                s.writeAndFlush(new DefaultHttp3HeadersFrame(h));
            });
        }

        /** The CONNECT was answered: 200 opens the session's stream. */
        @Override
        public void answered(QuicStreamChannel s, CharSequence status) {
            QuicChannel q = quic != null ? quic : (QuicChannel) s.parent();
            if (status == null || !"200".contentEquals(status)) {
                fail(q, "WebTransport CONNECT refused with status " + status);
                return;
            }
            sessionId = s.streamId();
            q.createStream(QuicStreamType.BIDIRECTIONAL, new ChannelInitializer<QuicStreamChannel>() {
                @Override
                protected void initChannel(QuicStreamChannel ch) {
                    ch.pipeline().addLast(new VarintFrameDecoder(maxMessageSize, Session.this));
                }
            }).addListener(f -> {
                if (!f.isSuccess()) {
                    fail(q, "cannot open the session's stream: " + f.cause());
                    return;
                }
                QuicStreamChannel data = (QuicStreamChannel) f.getNow();
                stream = data;
                ByteBuf header = data.alloc().directBuffer(17);
                QuicVarint.write(header, WebTransportSettings.BIDI_STREAM_SIGNAL);
                QuicVarint.write(header, sessionId);
                header.writeByte(0); // an empty frame: the stream exists on the server at once
                data.writeAndFlush(header);
                ready.complete(this);
            });
        }

        /** The server closed the session (capsule or end of the CONNECT stream). */
        @Override
        public void serverClosed(String reason) {
            if (closeReason == null) {
                closeReason = reason;
            }
            QuicChannel q = quic;
            if (q != null) {
                q.close(true, Http3ErrorCode.H3_NO_ERROR.code(), Unpooled.EMPTY_BUFFER);
            }
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (!(msg instanceof ByteBuf datagram)) {
                ctx.fireChannelRead(msg);
                return;
            }
            try {
                int index = datagram.readerIndex();
                long quarter = QuicVarint.peek(datagram, index, datagram.writerIndex());
                if (sessionId >= 0 && quarter == sessionId >>> 2) {
                    int prefix = QuicVarint.lengthOf(datagram.getByte(index));
                    listener.onMessage(ByteBufUtil.getBytes(datagram, index + prefix,
                            datagram.readableBytes() - prefix), false);
                }
            } finally {
                datagram.release();
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) throws Exception {
            ready.completeExceptionally(new java.io.IOException("connection closed before the session was ready"));
            if (!closedNotified) {
                closedNotified = true;
                String r = closeReason;
                listener.onClosed(r != null && !r.isEmpty() ? r
                        : ((QuicChannel) ctx.channel()).isTimedOut() ? "idle timeout" : "connection closed");
            }
            Channel u = udp;
            if (u != null) {
                u.close();
            }
            super.channelInactive(ctx);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            // Datagram write failures are not fatal; the connection's own errors close it.
        }

        @Override
        public void onFrame(ChannelHandlerContext ctx, ByteBuf buf, int index, int length) {
            StreamFrames.deliver(listener, buf, index, length);
        }

        @Override
        public void onOversize(ChannelHandlerContext ctx, long announcedLength) {
            closeReason = "server sent an oversize message (" + announcedLength + " bytes)";
            close(1009, closeReason);
        }

        @Override
        public String transport() {
            return "wt";
        }

        @Override
        public boolean sendReliable(byte[] data, int offset, int length) {
            return StreamFrames.send(stream, data, offset, length, maxMessageSize);
        }

        @Override
        public boolean sendUnreliable(byte[] data, int offset, int length) {
            QuicChannel q = quic;
            long id = sessionId;
            if (q == null || id < 0 || !q.isActive() || length > Sizes.MAX_SAFE_PAYLOAD_SIZE) {
                return false;
            }
            ByteBuf b = q.alloc().directBuffer(length + QuicVarint.encodedLength(id >>> 2));
            QuicVarint.write(b, id >>> 2);
            b.writeBytes(data, offset, length);
            q.writeAndFlush(b, q.voidPromise());
            return true;
        }

        @Override
        public boolean isOpen() {
            QuicChannel q = quic;
            return q != null && q.isActive() && stream != null;
        }

        @Override
        public void close() {
            close(0, "bye");
        }

        private void close(int code, String reason) {
            QuicChannel q = quic;
            QuicStreamChannel s = connectStream;
            if (q == null) {
                return;
            }
            q.eventLoop().execute(() -> {
                if (s != null && s.isActive()) {
                    s.writeAndFlush(new DefaultHttp3DataFrame(Capsules.closeSession(s.alloc(), code, reason)))
                            .addListener(QuicStreamChannel.SHUTDOWN_OUTPUT);
                }
                // At once, not after a grace: a client process shutting down cancels scheduled tasks.
                // The capsule has been handed to QUIC first; if CONNECTION_CLOSE overtakes it the
                // server still ends the session as closed by the client.
                q.close(true, Http3ErrorCode.H3_NO_ERROR.code(), Unpooled.EMPTY_BUFFER);
            });
        }

        @Override
        public void resetReliableStream() {
            QuicStreamChannel s = stream;
            if (s != null) {
                s.shutdown(0); // both directions, with an error: RESET_STREAM and STOP_SENDING
            }
        }

        @Override
        public void abandon() {
            Channel u = udp;
            if (u != null) {
                u.close();
            }
        }
    }
}
