package dev.aetheris.transport.client;

import dev.aetheris.protocol.Sizes;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler;
import io.netty.util.ReferenceCountUtil;
import java.util.concurrent.CompletableFuture;

/** A WebSocket client connection: one binary frame per message, both kinds on the ordered stream. */
final class WsClient extends ChannelInboundHandlerAdapter implements ClientConnection {
    private final ClientListener listener;
    private final CompletableFuture<ClientConnection> ready;
    private final int maxMessageSize;
    private volatile Channel channel;
    private volatile String closeReason;

    WsClient(ClientListener listener, CompletableFuture<ClientConnection> ready, int maxMessageSize) {
        this.listener = listener;
        this.ready = ready;
        this.maxMessageSize = maxMessageSize;
    }

    @Override
    public boolean isSharable() {
        return false;
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt == WebSocketClientProtocolHandler.ClientHandshakeStateEvent.HANDSHAKE_COMPLETE) {
            channel = ctx.channel();
            ready.complete(this);
        } else if (evt == WebSocketClientProtocolHandler.ClientHandshakeStateEvent.HANDSHAKE_TIMEOUT) {
            ready.completeExceptionally(new java.util.concurrent.TimeoutException("WebSocket handshake timed out"));
            ctx.close();
        }
        super.userEventTriggered(ctx, evt);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        try {
            if (msg instanceof BinaryWebSocketFrame f) {
                listener.onMessage(ByteBufUtil.getBytes(f.content()), true);
            } else if (msg instanceof CloseWebSocketFrame c) {
                closeReason = c.reasonText();
                ctx.writeAndFlush(new CloseWebSocketFrame(c.statusCode(), ""))
                        .addListener(io.netty.channel.ChannelFutureListener.CLOSE);
            }
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        ready.completeExceptionally(new java.io.IOException("connection closed during the WebSocket handshake"));
        String r = closeReason;
        listener.onClosed(r == null || r.isEmpty() ? "connection closed" : r);
        super.channelInactive(ctx);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ready.completeExceptionally(cause);
        if (closeReason == null) {
            closeReason = cause.toString();
        }
        ctx.close();
    }

    @Override
    public String transport() {
        return "ws";
    }

    @Override
    public boolean sendReliable(byte[] data, int offset, int length) {
        return send(data, offset, length, true);
    }

    @Override
    public boolean sendUnreliable(byte[] data, int offset, int length) {
        return send(data, offset, length, false);
    }

    private boolean send(byte[] data, int offset, int length, boolean reliable) {
        Channel ch = channel;
        if (ch == null || !ch.isActive() || length > maxMessageSize
                || !reliable && (length > Sizes.MAX_SAFE_PAYLOAD_SIZE || !ch.isWritable())) {
            return false;
        }
        ByteBuf b = ch.alloc().buffer(length).writeBytes(data, offset, length);
        ch.writeAndFlush(new BinaryWebSocketFrame(b), ch.voidPromise());
        return true;
    }

    @Override
    public boolean isOpen() {
        Channel ch = channel;
        return ch != null && ch.isActive();
    }

    @Override
    public void close() {
        Channel ch = channel;
        if (ch != null && ch.isActive()) {
            ch.writeAndFlush(new CloseWebSocketFrame(1000, "bye"))
                    .addListener(io.netty.channel.ChannelFutureListener.CLOSE);
        }
    }

    @Override
    public void abandon() {
        Channel ch = channel;
        if (ch != null) {
            ch.close();
        }
    }
}
