package dev.aetheris.transport.client;

import dev.aetheris.transport.webtransport.Capsules;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http3.Http3DataFrame;
import io.netty.handler.codec.http3.Http3HeadersFrame;
import io.netty.handler.codec.http3.Http3RequestStreamInboundHandler;
import io.netty.handler.codec.quic.QuicStreamChannel;

/**
 * The client's CONNECT stream: the response status opens (or refuses) the session, then capsules
 * are read; a CLOSE_WEBTRANSPORT_SESSION capsule or the end of the stream ends the session.
 */
final class ConnectResponse extends Http3RequestStreamInboundHandler {
    /** Callbacks of the session that owns this stream. */
    interface Owner {
        void answered(QuicStreamChannel stream, CharSequence status);

        void serverClosed(String reason);
    }

    private final Owner owner;
    private Capsules capsules;

    ConnectResponse(Owner owner) {
        this.owner = owner;
    }

    @Override
    protected void channelRead(ChannelHandlerContext ctx, Http3HeadersFrame frame) {
        if (capsules == null) {
            capsules = new Capsules(ctx.alloc());
            owner.answered((QuicStreamChannel) ctx.channel(), frame.headers().status());
        }
    }

    @Override
    protected void channelRead(ChannelHandlerContext ctx, Http3DataFrame frame) {
        try {
            if (capsules != null && capsules.feed(frame.content()) == Capsules.Result.CLOSE) {
                owner.serverClosed(capsules.closeReason().isEmpty() ? "session closed by the server (code "
                        + capsules.closeCode() + ")" : capsules.closeReason());
            }
        } finally {
            frame.release();
        }
    }

    @Override
    protected void channelInputClosed(ChannelHandlerContext ctx) {
        owner.serverClosed("session closed by the server");
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        if (capsules != null) {
            capsules.release();
            capsules = null;
        }
    }
}
