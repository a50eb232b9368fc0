package dev.aetheris.transport;

import dev.aetheris.transport.webtransport.WebTransportSettings;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.handler.codec.http3.DefaultHttp3HeadersFrame;
import io.netty.handler.codec.http3.Http3;
import io.netty.handler.codec.http3.Http3ClientConnectionHandler;
import io.netty.handler.codec.http3.Http3DataFrame;
import io.netty.handler.codec.http3.Http3Headers;
import io.netty.handler.codec.http3.Http3HeadersFrame;
import io.netty.handler.codec.http3.Http3RequestStreamInboundHandler;
import io.netty.handler.codec.http3.Http3SettingsFrame;
import io.netty.handler.codec.quic.QuicChannel;
import io.netty.handler.codec.quic.QuicClientCodecBuilder;
import io.netty.handler.codec.quic.QuicSslContextBuilder;
import io.netty.handler.codec.quic.QuicStreamChannel;
import io.netty.handler.codec.quic.QuicStreamType;
import io.netty.handler.ssl.util.FingerprintTrustManagerFactory;
import io.netty.util.ReferenceCountUtil;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A bare HTTP/3 client for tests of the WebTransport endpoint at the wire level: it records the
 * server's SETTINGS, sends any request headers, and sends and receives datagrams and stream bytes
 * exactly as given (no WebTransport logic of its own), so a test can say what Chromium would send.
 */
final class Http3Probe implements AutoCloseable {
    /** A response: its status and headers, and the request stream (the session's, for a 200). */
    record Response(Http3Headers headers, QuicStreamChannel stream) {
        String status() {
            return String.valueOf(headers.status());
        }
    }

    /** Every setting of the server's SETTINGS frame, standard or not. */
    final CompletableFuture<Map<Long, Long>> settings = new CompletableFuture<>();
    /** Datagrams received, whole (quarter stream id prefix included). */
    final BlockingQueue<byte[]> datagrams = new LinkedBlockingQueue<>();
    /** Completes when the QUIC connection has closed. */
    final CompletableFuture<Void> closed = new CompletableFuture<>();
    private final EventLoopGroup group = NettyIo.newGroup(1, "http3-probe");
    private Channel udp;
    private QuicChannel quic;

    private Http3Probe() {
    }

    /** Connects with ALPN {@code h3}, pinning the server's certificate, and sends our WebTransport SETTINGS. */
    static Http3Probe connect(int port, String certSha256) throws Exception {
        Http3Probe p = new Http3Probe();
        try {
            p.open(port, certSha256);
        } catch (Exception e) {
            p.close();
            throw e;
        }
        return p;
    }

    private void open(int port, String certSha256) throws Exception {
        var ssl = QuicSslContextBuilder.forClient()
                .trustManager(FingerprintTrustManagerFactory.builder("SHA-256").fingerprints(certSha256).build())
                .applicationProtocols(WebTransportSettings.ALPN)
                .endpointIdentificationAlgorithm(null)
                .build();
        var codec = new QuicClientCodecBuilder().sslContext(ssl)
                .maxIdleTimeout(10, TimeUnit.SECONDS)
                .maxSendUdpPayloadSize(1350).maxRecvUdpPayloadSize(1350)
                .initialMaxData(1 << 20)
                .initialMaxStreamDataBidirectionalLocal(1 << 18)
                .initialMaxStreamDataBidirectionalRemote(1 << 18)
                .initialMaxStreamDataUnidirectional(1 << 16)
                .initialMaxStreamsUnidirectional(4)
                .datagram(64, 64)
                .build();
        udp = new Bootstrap().group(group).channel(NettyIo.datagramChannelClass()).handler(codec)
                .bind(0).sync().channel();
        quic = QuicChannel.newBootstrap(udp)
                .handler(new ChannelInitializer<QuicChannel>() {
                    @Override
                    protected void initChannel(QuicChannel ch) {
                        ch.pipeline().addLast(new Http3ClientConnectionHandler(new SettingsRecorder(settings),
                                null, null, WebTransportSettings.settingsFrame(), true, (id, value) -> true));
                        ch.pipeline().addLast(new DatagramRecorder(datagrams, closed));
                    }
                })
                .remoteAddress(new InetSocketAddress("127.0.0.1", port))
                .connect().get(5, TimeUnit.SECONDS);
    }

    /** Opens a request stream, sends {@code headers} and waits for the response headers. */
    Response request(Http3Headers headers) throws Exception {
        CompletableFuture<Response> response = new CompletableFuture<>();
        QuicStreamChannel s = Http3.newRequestStream(quic, new ResponseReader(response)).get(5, TimeUnit.SECONDS);
        s.writeAndFlush(new DefaultHttp3HeadersFrame(headers)).sync();
        return response.get(5, TimeUnit.SECONDS);
    }

    /** Sends {@code bytes} as one QUIC DATAGRAM frame, unchanged. */
    void sendDatagram(byte[] bytes) {
        quic.writeAndFlush(Unpooled.wrappedBuffer(bytes)).syncUninterruptibly();
    }

    /** Opens a client bidirectional stream and writes {@code first}; what the server sends is queued in {@code in}. */
    QuicStreamChannel openStream(ByteBuf first, BlockingQueue<byte[]> in) throws Exception {
        QuicStreamChannel s = quic.createStream(QuicStreamType.BIDIRECTIONAL, new ChannelInboundHandlerAdapter() {
            @Override
            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                try {
                    if (msg instanceof ByteBuf b) {
                        in.add(ByteBufUtil.getBytes(b));
                    }
                } finally {
                    ReferenceCountUtil.release(msg);
                }
            }
        }).get(5, TimeUnit.SECONDS);
        s.writeAndFlush(first).sync();
        return s;
    }

    @Override
    public void close() {
        if (quic != null) {
            quic.close();
        }
        if (udp != null) {
            udp.close();
        }
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
    }

    /** The inbound control stream's handler: the server's SETTINGS frame. */
    private static final class SettingsRecorder extends ChannelInboundHandlerAdapter {
        private final CompletableFuture<Map<Long, Long>> settings;

        SettingsRecorder(CompletableFuture<Map<Long, Long>> settings) {
            this.settings = settings;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (msg instanceof Http3SettingsFrame frame) {
                Map<Long, Long> all = new ConcurrentHashMap<>();
                frame.forEach(e -> all.put(e.getKey(), e.getValue()));
                settings.complete(all);
            }
            ReferenceCountUtil.release(msg);
        }
    }

    /** Datagrams and the end of the connection. */
    private static final class DatagramRecorder extends ChannelInboundHandlerAdapter {
        private final BlockingQueue<byte[]> datagrams;
        private final CompletableFuture<Void> closed;

        DatagramRecorder(BlockingQueue<byte[]> datagrams, CompletableFuture<Void> closed) {
            this.datagrams = datagrams;
            this.closed = closed;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (msg instanceof ByteBuf b) {
                datagrams.add(ByteBufUtil.getBytes(b));
                b.release();
                return;
            }
            ctx.fireChannelRead(msg);
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) throws Exception {
            closed.complete(null);
            super.channelInactive(ctx);
        }
    }

    /** Completes with the response headers; data and trailers are discarded. */
    private static final class ResponseReader extends Http3RequestStreamInboundHandler {
        private final CompletableFuture<Response> response;

        ResponseReader(CompletableFuture<Response> response) {
            this.response = response;
        }

        @Override
        protected void channelRead(ChannelHandlerContext ctx, Http3HeadersFrame frame) {
            response.complete(new Response(frame.headers(), (QuicStreamChannel) ctx.channel()));
        }

        @Override
        protected void channelRead(ChannelHandlerContext ctx, Http3DataFrame frame) {
            frame.release();
        }

        @Override
        protected void channelInputClosed(ChannelHandlerContext ctx) {
            response.completeExceptionally(new IllegalStateException("stream ended without a response"));
        }
    }
}
