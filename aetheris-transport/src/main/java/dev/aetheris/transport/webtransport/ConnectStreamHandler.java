package dev.aetheris.transport.webtransport;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http3.DefaultHttp3Headers;
import io.netty.handler.codec.http3.DefaultHttp3HeadersFrame;
import io.netty.handler.codec.http3.Http3DataFrame;
import io.netty.handler.codec.http3.Http3Headers;
import io.netty.handler.codec.http3.Http3HeadersFrame;
import io.netty.handler.codec.http3.Http3RequestStreamInboundHandler;
import io.netty.handler.codec.quic.QuicStreamChannel;

/**
 * One HTTP/3 request stream: answers the extended CONNECT that opens the session (200 and, for
 * draft-02 clients, {@code sec-webtransport-http3-draft: draft02}) and refuses every other request
 * with a status and the end of the stream. On the session's stream it then reads capsules: a
 * CLOSE_WEBTRANSPORT_SESSION capsule, the end of the stream or its reset close the session.
 */
final class ConnectStreamHandler extends Http3RequestStreamInboundHandler {
    private final WebTransportServer<?> server;
    private Capsules capsules;

    ConnectStreamHandler(WebTransportServer<?> server) {
        this.server = server;
    }

    @Override
    protected void channelRead(ChannelHandlerContext ctx, Http3HeadersFrame frame) {
        if (capsules != null) {
            return; // trailers of the session stream mean nothing here
        }
        QuicStreamChannel stream = (QuicStreamChannel) ctx.channel();
        int status = server.accept(stream, frame.headers());
        Http3Headers response = new DefaultHttp3Headers().status(Integer.toString(status));
        if (status == 200) {
            capsules = new Capsules(ctx.alloc());
            response.set(WebTransportSettings.DRAFT02_HEADER, WebTransportSettings.DRAFT02_VALUE);
            ctx.writeAndFlush(new DefaultHttp3HeadersFrame(response));
        } else {
            ctx.writeAndFlush(new DefaultHttp3HeadersFrame(response)).addListener(QuicStreamChannel.SHUTDOWN_OUTPUT);
        }
    }

    @Override
    protected void channelRead(ChannelHandlerContext ctx, Http3DataFrame frame) {
        try {
            if (capsules == null) {
                return; // a body on a refused request
            }
            switch (capsules.feed(frame.content())) {
                case CLOSE -> server.peerClosed((QuicStreamChannel) ctx.channel());
                case TOO_LARGE -> {
                    server.refused("capsule too large");
                    server.peerClosed((QuicStreamChannel) ctx.channel());
                }
                case MORE -> {
                }
            }
        } finally {
            frame.release();
        }
    }

    @Override
    protected void channelInputClosed(ChannelHandlerContext ctx) {
        if (capsules != null) {
            server.peerClosed((QuicStreamChannel) ctx.channel());
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        if (capsules != null) {
            server.peerClosed((QuicStreamChannel) ctx.channel()); // reset: no-op if already closed
        }
        super.channelInactive(ctx);
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        if (capsules != null) {
            capsules.release();
            capsules = null;
        }
    }
}
