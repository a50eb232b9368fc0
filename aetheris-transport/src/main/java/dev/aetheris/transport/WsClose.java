package dev.aetheris.transport;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.util.ReferenceCountUtil;
import java.util.concurrent.TimeUnit;

/**
 * A server-initiated WebSocket close the client gets to read. Closing a TCP socket with unread
 * input makes the kernel send a reset, which can destroy the close frame before the client reads
 * it (an oversize frame, a flood). So: send the close frame, end our side of the stream, discard
 * whatever still arrives, and close the socket once the client has closed its side or after
 * {@link #LINGER_MS}. Event loop of the channel.
 */
final class WsClose {
    /** Longest a closing connection is kept to let the client read the close frame. */
    static final long LINGER_MS = 1_000;
    private static final String DISCARD = "ws-close-discard";

    private WsClose() {
    }

    static void close(Channel ch, int code, String reason) {
        if (!ch.isActive()) {
            ch.close();
            return;
        }
        if (ch.pipeline().get(DISCARD) == null) {
            ch.pipeline().addFirst(DISCARD, Discard.INSTANCE);
        }
        ch.writeAndFlush(new CloseWebSocketFrame(code, reason)).addListener(f -> {
            if (ch instanceof SocketChannel s && f.isSuccess()) {
                s.shutdownOutput();
            } else {
                ch.close();
            }
        });
        ch.eventLoop().schedule(() -> ch.close(), LINGER_MS, TimeUnit.MILLISECONDS);
    }

    /** Drops inbound bytes of a closing connection (the peer's FIN still closes the channel). */
    @ChannelHandler.Sharable
    private static final class Discard extends ChannelInboundHandlerAdapter {
        static final Discard INSTANCE = new Discard();

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ReferenceCountUtil.release(msg);
        }
    }
}
