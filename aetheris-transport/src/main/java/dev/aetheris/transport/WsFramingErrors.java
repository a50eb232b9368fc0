package dev.aetheris.transport;

import dev.aetheris.protocol.seam.DisconnectReason;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers WebSocket frame violations (a frame over the message limit, unmasked or malformed frames)
 * with a close frame naming them — 1009 for size, 1002 otherwise — and counts them. It sits in
 * front of Netty's WebSocket protocol handler, which would otherwise drop the socket at once: with
 * the rest of an oversize frame unread, that is a TCP reset and the client never sees why.
 * Event loop only.
 */
final class WsFramingErrors extends ChannelInboundHandlerAdapter {
    private static final Logger LOG = LoggerFactory.getLogger(WsFramingErrors.class);

    private final NettyGameTransport transport;

    WsFramingErrors(NettyGameTransport transport) {
        this.transport = transport;
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) throws Exception {
        if (!(cause instanceof CorruptedWebSocketFrameException bad)) {
            super.exceptionCaught(ctx, cause);
            return;
        }
        Connection c = ctx.channel().attr(NettyGameTransport.CONNECTION).get();
        if (c == null) {
            ctx.close(); // a violation before the handshake completed: nothing to tell
            return;
        }
        if (c.closing) {
            return;
        }
        boolean tooBig = WebSocketCloseStatus.MESSAGE_TOO_BIG.equals(bad.closeStatus());
        if (tooBig) {
            c.counters.oversizeClose();
        } else {
            c.counters.garbageClose();
        }
        LOG.debug("closing {}: {}", c, cause.toString());
        transport.closeConnection(c, DisconnectReason.DISCONNECTED, tooBig ? 1009 : 1002,
                tooBig ? "message too big" : "protocol error");
    }
}
