package dev.aetheris.transport;

import dev.aetheris.protocol.http.HttpHandler;
import dev.aetheris.protocol.http.HttpRequest;
import dev.aetheris.protocol.http.HttpResponse;
import dev.aetheris.protocol.seam.DisconnectReason;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.timeout.IdleState;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pipeline of the HTTP port: HTTP/1.1 with keep-alive and 16 KiB bodies, a per-IP cap on plain
 * HTTP connections and a read deadline per request ({@link HttpGuard}), a WebSocket upgrade at
 * {@code /ws} guarded by the per-IP rate limit, and routing of every other request to an
 * {@link HttpHandler} by path prefix on the worker pool.
 */
final class HttpPort extends ChannelInitializer<SocketChannel> {
    private static final Logger LOG = LoggerFactory.getLogger(HttpPort.class);

    private static final String HTTP_IDLE = "http-idle";
    /** A WebSocket's idle detection; queued frames are written from its place down ({@code Connection}). */
    static final String WS_IDLE = "idle";
    private static final String REQUEST_GATE = "request-gate";
    /** Idle plain-HTTP connections are closed after this long. */
    static final int HTTP_IDLE_SECONDS = 60;

    private final NettyGameTransport transport;

    HttpPort(NettyGameTransport transport) {
        this.transport = transport;
    }

    @Override
    protected void initChannel(SocketChannel ch) {
        TransportLimits limits = transport.limits();
        ChannelPipeline p = ch.pipeline();
        p.addLast(HttpGuard.NAME, new HttpGuard(transport.httpSlots(), transport.httpCounters(),
                limits.httpRequestTimeout().toNanos()));
        // Plain HTTP connections (and half-open upgrades) that go quiet are closed; a WebSocket swaps
        // this for its own idle detection once the handshake is done.
        p.addLast(HTTP_IDLE, new IdleStateHandler(0, 0, HTTP_IDLE_SECONDS, TimeUnit.SECONDS));
        p.addLast("http", new HttpServerCodec(4096, 8192, 8192));
        p.addLast("aggregate", new HttpObjectAggregator(NettyGameTransport.MAX_HTTP_BODY));
        p.addLast(REQUEST_GATE, new RequestGate(transport));
        p.addLast("ws-framing", new WsFramingErrors(transport));
        p.addLast("ws", new WebSocketServerProtocolHandler(WebSocketServerProtocolConfig.newBuilder()
                .websocketPath(NettyGameTransport.WS_PATH)
                .checkStartsWith(false)
                .maxFramePayloadLength(limits.maxMessageSize())
                // WsFramingErrors answers violations itself, with a close the client gets to read.
                .closeOnProtocolViolation(false)
                .handshakeTimeoutMillis(limits.authDeadline().toMillis())
                // Text frames are closed with 1003 whatever their bytes (WsConnectionHandler):
                // validating their UTF-8 on the way would only cost every binary frame a handler.
                .withUTF8Validator(false)
                .build()));
        p.addLast("ws-aggregate", new WebSocketFrameAggregator(limits.maxMessageSize()));
        p.addLast("ws-conn", new WsConnectionHandler(transport));
        p.addLast("router", new Router(transport));
    }

    /**
     * Looks at every complete request first: ends its read deadline, answers versions other than
     * HTTP/1.0 and 1.1 with 505, and refuses WebSocket upgrades from an IP over its connection rate
     * (429) before any state is made.
     */
    static final class RequestGate extends ChannelInboundHandlerAdapter {
        private final NettyGameTransport transport;

        RequestGate(NettyGameTransport transport) {
            this.transport = transport;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (!(msg instanceof FullHttpRequest req)) {
                ctx.fireChannelRead(msg);
                return;
            }
            if (ctx.pipeline().get(HttpGuard.NAME) instanceof HttpGuard guard) {
                guard.requestRead();
            }
            HttpVersion v = req.protocolVersion();
            if (req.decoderResult().isSuccess() && !v.equals(HttpVersion.HTTP_1_1) && !v.equals(HttpVersion.HTTP_1_0)) {
                req.release();
                transport.httpCounters().onVersionRefused();
                refuse(ctx, HttpResponseStatus.HTTP_VERSION_NOT_SUPPORTED);
                return;
            }
            if (isWsPath(req.uri()) && !transport.admit(ctx.channel().remoteAddress(), transport.wsCounters())) {
                req.release();
                refuse(ctx, HttpResponseStatus.TOO_MANY_REQUESTS);
                return;
            }
            ctx.fireChannelRead(msg);
        }

        private static void refuse(ChannelHandlerContext ctx, HttpResponseStatus status) {
            FullHttpResponse resp = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status);
            resp.headers().set(HttpHeaderNames.CONTENT_LENGTH, 0);
            resp.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
            if (status == HttpResponseStatus.TOO_MANY_REQUESTS) {
                resp.headers().set(HttpHeaderNames.RETRY_AFTER, 1);
            }
            ctx.writeAndFlush(resp).addListener(ChannelFutureListener.CLOSE);
        }

        private static boolean isWsPath(String uri) {
            int q = uri.indexOf('?');
            return (q < 0 ? uri : uri.substring(0, q)).equals(NettyGameTransport.WS_PATH);
        }
    }

    /** A WebSocket connection after the handshake: binary frames in, idle detection, framing errors. */
    static final class WsConnectionHandler extends ChannelInboundHandlerAdapter {
        private final NettyGameTransport transport;
        private Connection conn;

        WsConnectionHandler(NettyGameTransport transport) {
            this.transport = transport;
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
            if (evt instanceof WebSocketServerProtocolHandler.HandshakeComplete) {
                long idleMs = transport.limits().idleTimeout().toMillis();
                if (ctx.pipeline().get(HTTP_IDLE) != null) {
                    ctx.pipeline().remove(HTTP_IDLE);
                }
                if (ctx.pipeline().get(HttpGuard.NAME) instanceof HttpGuard guard) {
                    guard.upgraded(ctx);
                }
                if (ctx.pipeline().get(REQUEST_GATE) != null) {
                    ctx.pipeline().remove(REQUEST_GATE); // no more requests: frames need not pass it
                }
                // Reader idle: the client vanished. Writer idle: ping so a quiet but live browser keeps reading.
                ctx.pipeline().addBefore(ctx.name(), WS_IDLE,
                        new IdleStateHandler(idleMs, Math.max(1, idleMs / 3), 0, TimeUnit.MILLISECONDS));
                conn = transport.register(Connection.Kind.WS, ctx.channel(), ctx.channel().remoteAddress());
                return;
            }
            if (evt instanceof IdleStateEvent && conn == null) {
                ctx.close(); // an HTTP connection with nothing going on
                return;
            }
            if (evt instanceof IdleStateEvent idle) {
                if (idle.state() == IdleState.READER_IDLE) {
                    if (!conn.closing) {
                        conn.counters.idleTimeout();
                        transport.closeConnection(conn, DisconnectReason.DISCONNECTED, 1001, "idle timeout");
                    }
                } else if (idle.state() == IdleState.WRITER_IDLE) {
                    ctx.writeAndFlush(new PingWebSocketFrame());
                }
                return;
            }
            super.userEventTriggered(ctx, evt);
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (!(msg instanceof WebSocketFrame frame)) {
                ctx.fireChannelRead(msg);
                return;
            }
            try {
                if (conn == null) {
                    return;
                }
                if (frame instanceof BinaryWebSocketFrame) {
                    transport.onInbound(conn, frame.content(), frame.content().readerIndex(),
                            frame.content().readableBytes(), true);
                } else if (!conn.closing) {
                    // Text (or stray continuation) frames are not part of the protocol.
                    conn.counters.garbageClose();
                    transport.closeConnection(conn, DisconnectReason.DISCONNECTED, 1003, "binary frames only");
                }
            } finally {
                frame.release();
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            if (conn == null) {
                ctx.close();
                return;
            }
            if (conn.closing) {
                return; // already closing with a reason; let the close finish
            }
            // Continuation frames adding up to more than one message may hold (the aggregator's cap).
            if (cause instanceof TooLongFrameException) {
                conn.counters.oversizeClose();
                LOG.debug("closing {}: {}", conn, cause.toString());
                transport.closeConnection(conn, DisconnectReason.DISCONNECTED, 1009, "message too big");
                return;
            }
            if (cause instanceof io.netty.handler.codec.DecoderException) {
                conn.counters.garbageClose();
                LOG.debug("closing {}: {}", conn, cause.toString());
                transport.closeConnection(conn, DisconnectReason.DISCONNECTED, 1002, "protocol error");
                return;
            }
            LOG.debug("closing {}: {}", conn, cause.toString());
            conn.closing = true;
            conn.serverCloseReason = DisconnectReason.DISCONNECTED;
            ctx.close();
        }

        @Override
        public void channelWritabilityChanged(ChannelHandlerContext ctx) throws Exception {
            if (conn != null && ctx.channel().isWritable()) {
                conn.flushNow(); // the newest state held back while the socket was full
            }
            super.channelWritabilityChanged(ctx);
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) throws Exception {
            if (conn != null) {
                transport.onChannelClosed(conn, DisconnectReason.CLIENT_DISCONNECTED);
            }
            super.channelInactive(ctx);
        }
    }

    /**
     * Routes complete requests to handlers on the worker pool. Requests on one connection are
     * answered strictly one after another (HTTP/1.1 pipelining needs responses in request order).
     */
    static final class Router extends SimpleChannelInboundHandler<FullHttpRequest> {
        /** Pipelined requests one connection may have waiting. */
        private static final int MAX_WAITING = 16;

        private record Pending(HttpHandler handler, HttpRequest request, HttpResponse immediate, boolean keepAlive) {
        }

        private final NettyGameTransport transport;
        private final ArrayDeque<Pending> waiting = new ArrayDeque<>();
        private boolean busy;

        Router(NettyGameTransport transport) {
            this.transport = transport;
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) {
            Pending p = toPending(ctx, req);
            Channel ch = ctx.channel();
            if (busy) {
                if (waiting.size() >= MAX_WAITING) {
                    ch.close();
                    return;
                }
                waiting.add(p);
                ch.config().setAutoRead(false);
                return;
            }
            busy = true;
            run(ch, p);
        }

        private Pending toPending(ChannelHandlerContext ctx, FullHttpRequest req) {
            boolean keepAlive = HttpUtil.isKeepAlive(req);
            if (!req.decoderResult().isSuccess()) {
                return new Pending(null, null, HttpResponse.text(400, "malformed request\n"), false);
            }
            QueryStringDecoder qs = new QueryStringDecoder(req.uri());
            String path = qs.path();
            HttpHandler handler = match(path);
            if (handler == null) {
                return new Pending(null, null, HttpResponse.text(404, "not found\n"), keepAlive);
            }
            Map<String, String> headers = new HashMap<>();
            for (Map.Entry<String, String> h : req.headers()) {
                headers.put(h.getKey().toLowerCase(Locale.ROOT), h.getValue());
            }
            String remote = ctx.channel().remoteAddress() instanceof InetSocketAddress isa && isa.getAddress() != null
                    ? isa.getAddress().getHostAddress() : String.valueOf(ctx.channel().remoteAddress());
            String rawQuery = qs.rawQuery();
            HttpRequest request = new HttpRequest(req.method().name(), path, rawQuery == null ? "" : rawQuery, headers,
                    ByteBufUtil.getBytes(req.content()), remote);
            return new Pending(handler, request, null, keepAlive);
        }

        private void run(Channel ch, Pending p) {
            if (p.immediate() != null) {
                write(ch, p.immediate(), p.keepAlive());
                return;
            }
            try {
                transport.httpWorkers().execute(() -> {
                    HttpResponse resp;
                    try {
                        resp = p.handler().handle(p.request());
                        if (resp == null) {
                            resp = HttpResponse.text(500, "handler returned no response\n");
                        }
                    } catch (RuntimeException | Error e) {
                        LOG.warn("HTTP handler for {} failed", p.request().path(), e);
                        resp = HttpResponse.text(500, "internal error\n");
                    }
                    write(ch, resp, p.keepAlive());
                });
            } catch (RejectedExecutionException e) {
                write(ch, HttpResponse.text(503, "server busy\n").withHeader("Retry-After", "1"), false);
            }
        }

        /** Event loop: the previous response is out; start the next waiting request. */
        private void next(Channel ch) {
            Pending p = waiting.poll();
            if (p == null) {
                busy = false;
                ch.config().setAutoRead(true);
                return;
            }
            run(ch, p);
        }

        private HttpHandler match(String path) {
            for (Map.Entry<String, HttpHandler> r : transport.routes()) {
                String prefix = r.getKey();
                if (path.equals(prefix) || prefix.endsWith("/") && path.startsWith(prefix)
                        || path.startsWith(prefix) && path.charAt(prefix.length()) == '/') {
                    return r.getValue();
                }
            }
            return null;
        }

        private void write(Channel ch, HttpResponse r, boolean keepAlive) {
            FullHttpResponse resp = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                    HttpResponseStatus.valueOf(r.status()), Unpooled.wrappedBuffer(r.body()));
            if (r.contentType() != null) {
                resp.headers().set(HttpHeaderNames.CONTENT_TYPE, r.contentType());
            }
            for (Map.Entry<String, String> h : r.headers().entrySet()) {
                resp.headers().set(h.getKey(), h.getValue());
            }
            resp.headers().set(HttpHeaderNames.CONTENT_LENGTH, r.body().length);
            if (keepAlive) {
                resp.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
                ch.writeAndFlush(resp).addListener((ChannelFutureListener) f -> {
                    if (f.isSuccess()) {
                        next(f.channel());
                    } else {
                        f.channel().close();
                    }
                });
            } else {
                resp.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
                ch.writeAndFlush(resp).addListener(ChannelFutureListener.CLOSE);
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            LOG.debug("HTTP connection from {} failed: {}", ctx.channel().remoteAddress(), cause.toString());
            ctx.close();
        }
    }
}
