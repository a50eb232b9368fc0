package dev.aetheris.transport.client;

import dev.aetheris.protocol.Sizes;
import dev.aetheris.transport.NettyGameTransport;
import dev.aetheris.transport.NettyIo;
import dev.aetheris.transport.VarintFrameDecoder;
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
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import io.netty.handler.codec.quic.QuicChannel;
import io.netty.handler.codec.quic.QuicClientCodecBuilder;
import io.netty.handler.codec.quic.QuicConnectionCloseEvent;
import io.netty.handler.codec.quic.QuicSslContext;
import io.netty.handler.codec.quic.QuicSslContextBuilder;
import io.netty.handler.codec.quic.QuicStreamChannel;
import io.netty.handler.codec.quic.QuicStreamType;
import io.netty.handler.ssl.util.FingerprintTrustManagerFactory;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Opens client connections to an Aetheris server over WebSocket ({@code ws://host:port/ws}), native
 * QUIC or WebTransport ({@code https://host:quic-port/wt}), the last two pinning the server
 * certificate's SHA-256, as the dev certificate is self-signed. Many connections share one event
 * loop group, so a bot process can run hundreds.
 */
public final class ClientTransport implements AutoCloseable {

    /**
     * @param ioThreads      event-loop threads shared by all connections
     * @param idleTimeout    QUIC idle timeout (the server's applies too)
     * @param maxMessageSize largest reliable message either way
     * @param connectTimeout time allowed for TCP/QUIC and WebSocket handshakes
     */
    public record Options(int ioThreads, Duration idleTimeout, int maxMessageSize, Duration connectTimeout) {
        /** Two threads, 15 s idle, 64 KiB messages, 5 s to connect. */
        public static final Options DEFAULT = new Options(2, Duration.ofSeconds(15), Sizes.MAX_RELIABLE_MESSAGE_SIZE,
                Duration.ofSeconds(5));

        /** Validates. @throws IllegalArgumentException naming the bad setting */
        public Options {
            if (ioThreads < 1) {
                throw new IllegalArgumentException("ioThreads must be at least 1, got " + ioThreads);
            }
            if (idleTimeout == null || idleTimeout.isNegative() || idleTimeout.isZero()) {
                throw new IllegalArgumentException("idleTimeout must be positive, got " + idleTimeout);
            }
            if (maxMessageSize < Sizes.MAX_SAFE_PAYLOAD_SIZE) {
                throw new IllegalArgumentException("maxMessageSize must be at least " + Sizes.MAX_SAFE_PAYLOAD_SIZE);
            }
            if (connectTimeout == null || connectTimeout.isNegative() || connectTimeout.isZero()) {
                throw new IllegalArgumentException("connectTimeout must be positive, got " + connectTimeout);
            }
        }

        /** A copy with another idle timeout. */
        public Options withIdleTimeout(Duration d) {
            return new Options(ioThreads, d, maxMessageSize, connectTimeout);
        }
    }

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(ClientTransport.class);

    private final Options options;
    private final EventLoopGroup group;
    private final ConcurrentHashMap<String, QuicSslContext> sslByPin = new ConcurrentHashMap<>();

    /**
     * One of this transport's event loops, for periodic work that writes to its connections. A
     * write made on the loop that owns the connection goes straight to the socket; one made from
     * any other thread becomes a task for that loop and wakes it. With one I/O thread
     * ({@link Options#ioThreads()} = 1) every connection is on this loop. Work scheduled here must
     * not block.
     */
    public ScheduledExecutorService eventLoop() {
        return group.next();
    }

    /** With {@link Options#DEFAULT}. */
    public ClientTransport() {
        this(Options.DEFAULT);
    }

    /** @param options threads and limits */
    public ClientTransport(Options options) {
        this.options = options;
        this.group = NettyIo.newGroup(options.ioThreads(), "aetheris-client-io");
    }

    /**
     * Connects over WebSocket.
     *
     * @param uri {@code ws://host:port/ws}
     * @return completes once the WebSocket handshake is done
     */
    public CompletableFuture<ClientConnection> connectWebSocket(URI uri, ClientListener listener) {
        CompletableFuture<ClientConnection> result = new CompletableFuture<>();
        if (!"ws".equalsIgnoreCase(uri.getScheme())) {
            result.completeExceptionally(new IllegalArgumentException("only ws:// URIs are supported, got " + uri));
            return result;
        }
        int port = uri.getPort() > 0 ? uri.getPort() : 80;
        WsClient handler = new WsClient(listener, result, options.maxMessageSize());
        Bootstrap b = new Bootstrap()
                .group(group)
                .channel(NettyIo.socketChannelClass())
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) options.connectTimeout().toMillis())
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(new HttpClientCodec());
                        ch.pipeline().addLast(new HttpObjectAggregator(8192));
                        ch.pipeline().addLast(new WebSocketClientProtocolHandler(WebSocketClientProtocolConfig
                                .newBuilder()
                                .webSocketUri(uri)
                                .maxFramePayloadLength(options.maxMessageSize())
                                .handshakeTimeoutMillis(options.connectTimeout().toMillis())
                                .handleCloseFrames(false)
                                .build()));
                        ch.pipeline().addLast(new WebSocketFrameAggregator(options.maxMessageSize()));
                        ch.pipeline().addLast(handler);
                    }
                });
        b.connect(uri.getHost(), port).addListener((ChannelFuture f) -> {
            if (!f.isSuccess()) {
                result.completeExceptionally(f.cause());
            }
        });
        return result;
    }

    /**
     * Connects over native QUIC, trusting exactly the certificate whose SHA-256 is given.
     *
     * @param certSha256Hex SHA-256 of the server certificate (hex, colons allowed)
     * @return completes once the handshake is done and the reliable stream is open
     */
    public CompletableFuture<ClientConnection> connectQuic(InetSocketAddress server, String certSha256Hex,
                                                           ClientListener listener) {
        CompletableFuture<ClientConnection> result = new CompletableFuture<>();
        QuicSslContext ssl = pinnedSsl(NettyGameTransport.ALPN, certSha256Hex, result);
        if (ssl == null) {
            return result;
        }
        long window = Math.max(256 * 1024, 4L * options.maxMessageSize());
        ChannelHandler codec = new QuicClientCodecBuilder()
                .sslContext(ssl)
                .maxIdleTimeout(options.idleTimeout().toMillis(), TimeUnit.MILLISECONDS)
                .maxSendUdpPayloadSize(1350)
                .maxRecvUdpPayloadSize(1350)
                .initialMaxData(4 * window)
                .initialMaxStreamDataBidirectionalLocal(window)
                .initialMaxStreamDataBidirectionalRemote(window)
                .initialMaxStreamsBidirectional(0)
                .initialMaxStreamsUnidirectional(0)
                .datagram(1024, 1024)
                .build();
        new Bootstrap().group(group).channel(NettyIo.datagramChannelClass())
                // Room for a burst of server datagrams while this process's event loops are busy.
                .option(ChannelOption.SO_RCVBUF, 1024 * 1024)
                .handler(codec).bind(0)
                .addListener((ChannelFuture bound) -> {
                    if (!bound.isSuccess()) {
                        result.completeExceptionally(bound.cause());
                        return;
                    }
                    Channel udp = bound.channel();
                    QuicClient client = new QuicClient(udp, listener, options.maxMessageSize());
                    QuicChannel.newBootstrap(udp)
                            .handler(client)
                            .remoteAddress(server)
                            .connect()
                            .addListener(connected -> {
                                if (!connected.isSuccess()) {
                                    udp.close();
                                    result.completeExceptionally(connected.cause());
                                    return;
                                }
                                QuicChannel quic = (QuicChannel) connected.getNow();
                                client.quic = quic;
                                quic.createStream(QuicStreamType.BIDIRECTIONAL, new ChannelInitializer<QuicStreamChannel>() {
                                    @Override
                                    protected void initChannel(QuicStreamChannel ch) {
                                        ch.pipeline().addLast(new VarintFrameDecoder(options.maxMessageSize(),
                                                client));
                                        ch.pipeline().addLast(StreamErrors.INSTANCE);
                                    }
                                }).addListener(streamed -> {
                                    if (!streamed.isSuccess()) {
                                        quic.close();
                                        result.completeExceptionally(streamed.cause());
                                        return;
                                    }
                                    QuicStreamChannel stream = (QuicStreamChannel) streamed.getNow();
                                    client.stream = stream;
                                    // An empty frame opens the stream on the server's side at once.
                                    stream.writeAndFlush(Unpooled.wrappedBuffer(new byte[] {0}));
                                    result.complete(client);
                                });
                            });
                });
        return result;
    }

    /**
     * Opens a WebTransport session (HTTP/3, draft-02 wire format), trusting exactly the certificate
     * whose SHA-256 is given.
     *
     * @param uri {@code https://host:quic-port/wt}
     * @return completes once the session is established and its stream is open
     */
    public CompletableFuture<ClientConnection> connectWebTransport(URI uri, String certSha256Hex,
                                                                   ClientListener listener) {
        CompletableFuture<ClientConnection> result = new CompletableFuture<>();
        if (!"https".equalsIgnoreCase(uri.getScheme())) {
            result.completeExceptionally(new IllegalArgumentException("WebTransport needs an https:// URI, got " + uri));
            return result;
        }
        QuicSslContext ssl = pinnedSsl(WebTransportSettings.ALPN, certSha256Hex, result);
        return ssl == null ? result : WebTransportConnector.connect(group, options, ssl, uri, listener);
    }

    /** A client TLS context for {@code alpn} that trusts only the pinned certificate; null (and {@code failed} failed) if the pin is bad. */
    private QuicSslContext pinnedSsl(String alpn, String certSha256Hex, CompletableFuture<?> failed) {
        try {
            return sslByPin.computeIfAbsent(alpn + "/" + certSha256Hex.replace(":", "").toLowerCase(Locale.ROOT),
                    key -> QuicSslContextBuilder.forClient()
                            .trustManager(FingerprintTrustManagerFactory.builder("SHA-256")
                                    .fingerprints(key.substring(alpn.length() + 1)).build())
                            .applicationProtocols(alpn)
                            // The pin identifies the server exactly; a dev certificate names no host.
                            .endpointIdentificationAlgorithm(null)
                            .build());
        } catch (RuntimeException e) {
            failed.completeExceptionally(new IllegalArgumentException("cannot pin certificate hash '" + certSha256Hex
                    + "'", e));
            return null;
        }
    }

    /** Closes every connection and stops the event loops. */
    @Override
    public void close() {
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
    }

    // ------------------------------------------------------------------ QUIC

    /** Logs (and otherwise ignores) errors on a reliable stream; closing it ends the connection. */
    @ChannelHandler.Sharable
    private static final class StreamErrors extends ChannelInboundHandlerAdapter {
        static final StreamErrors INSTANCE = new StreamErrors();

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            LOG.debug("QUIC client stream: {}", cause.toString());
        }
    }

    private static final class QuicClient extends ChannelInboundHandlerAdapter
            implements ClientConnection, VarintFrameDecoder.Sink {
        private final Channel udp;
        private final ClientListener listener;
        private final int maxMessageSize;
        volatile QuicChannel quic;
        volatile QuicStreamChannel stream;
        private volatile String closeReason;
        private volatile boolean closedNotified;

        QuicClient(Channel udp, ClientListener listener, int maxMessageSize) {
            this.udp = udp;
            this.listener = listener;
            this.maxMessageSize = maxMessageSize;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (!(msg instanceof ByteBuf datagram)) {
                ctx.fireChannelRead(msg);
                return;
            }
            try {
                listener.onMessage(ByteBufUtil.getBytes(datagram), false);
            } finally {
                datagram.release();
            }
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
            if (evt instanceof QuicConnectionCloseEvent close) {
                byte[] r = close.reason();
                closeReason = r != null && r.length > 0 ? new String(r, StandardCharsets.UTF_8)
                        : "closed with code " + close.error();
            }
            super.userEventTriggered(ctx, evt);
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) throws Exception {
            if (!closedNotified) {
                closedNotified = true;
                String r = closeReason;
                if (r == null) {
                    r = ((QuicChannel) ctx.channel()).isTimedOut() ? "idle timeout" : "connection closed";
                }
                listener.onClosed(r);
            }
            udp.close();
            super.channelInactive(ctx);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            // Datagram write failures are not fatal; the connection's own errors close it.
            LOG.debug("QUIC client: {}", cause.toString());
        }

        @Override
        public void onFrame(ChannelHandlerContext ctx, ByteBuf buf, int index, int length) {
            StreamFrames.deliver(listener, buf, index, length);
        }

        @Override
        public void onOversize(ChannelHandlerContext ctx, long announcedLength) {
            closeReason = "server sent an oversize message (" + announcedLength + " bytes)";
            QuicChannel q = quic;
            if (q != null) {
                q.close();
            }
        }

        @Override
        public String transport() {
            return "quic";
        }

        @Override
        public boolean sendReliable(byte[] data, int offset, int length) {
            return StreamFrames.send(stream, data, offset, length, maxMessageSize);
        }

        @Override
        public boolean sendUnreliable(byte[] data, int offset, int length) {
            QuicChannel q = quic;
            if (q == null || !q.isActive() || length > Sizes.MAX_SAFE_PAYLOAD_SIZE) {
                return false;
            }
            ByteBuf b = q.alloc().directBuffer(length).writeBytes(data, offset, length);
            q.writeAndFlush(b, q.voidPromise());
            return true;
        }

        @Override
        public boolean isOpen() {
            QuicChannel q = quic;
            return q != null && q.isActive();
        }

        @Override
        public void close() {
            QuicChannel q = quic;
            if (q != null) {
                q.close(true, 0, Unpooled.copiedBuffer("bye", StandardCharsets.UTF_8));
            }
        }

        @Override
        public void abandon() {
            udp.close();
        }

        @Override
        public void resetReliableStream() {
            QuicStreamChannel s = stream;
            if (s != null) {
                s.shutdown(0); // both directions, with an error: RESET_STREAM and STOP_SENDING
            }
        }
    }
}
