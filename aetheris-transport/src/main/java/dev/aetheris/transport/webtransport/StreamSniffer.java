package dev.aetheris.transport.webtransport;

import dev.aetheris.transport.QuicVarint;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.quic.QuicStreamChannel;
import java.util.ArrayList;
import java.util.List;

/**
 * First handler of every client bidirectional stream of an HTTP/3 connection. It reads the first
 * varint: an HTTP/3 frame type means a request stream, which it leaves to Netty's HTTP/3 codec;
 * the WebTransport signal ({@code 0x41}) followed by a session id means a WebTransport stream, whose
 * HTTP/3 handlers it removes before handing the stream (and the bytes after the header) to the
 * session. Holds at most the 16 bytes of two varints before it decides.
 */
final class StreamSniffer extends ChannelInboundHandlerAdapter {
    private final WebTransportServer<?> server;
    private ByteBuf pending;
    private boolean decided;

    StreamSniffer(WebTransportServer<?> server) {
        this.server = server;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (decided || !(msg instanceof ByteBuf in)) {
            ctx.fireChannelRead(msg);
            return;
        }
        ByteBuf buf = merge(ctx, in);
        int r = buf.readerIndex();
        int w = buf.writerIndex();
        long type = QuicVarint.peek(buf, r, w);
        if (type == QuicVarint.INCOMPLETE) {
            pending = buf;
            return;
        }
        if (type != WebTransportSettings.BIDI_STREAM_SIGNAL) {
            pass(ctx, buf);
            return;
        }
        int typeLength = QuicVarint.lengthOf(buf.getByte(r));
        long sessionId = QuicVarint.peek(buf, r + typeLength, w);
        if (sessionId == QuicVarint.INCOMPLETE) {
            pending = buf;
            return;
        }
        buf.skipBytes(typeLength + QuicVarint.lengthOf(buf.getByte(r + typeLength)));
        removeHttp3Handlers(ctx);
        if (!server.adopt((QuicStreamChannel) ctx.channel(), sessionId)) {
            buf.release();
            decided = true;
            ctx.close();
            return;
        }
        pass(ctx, buf);
    }

    private ByteBuf merge(ChannelHandlerContext ctx, ByteBuf in) {
        ByteBuf p = pending;
        if (p == null) {
            return in;
        }
        pending = null;
        ByteBuf merged = ctx.alloc().buffer(p.readableBytes() + in.readableBytes());
        merged.writeBytes(p).writeBytes(in);
        p.release();
        in.release();
        return merged;
    }

    /** Sends what is left on to the next handler and leaves the pipeline. */
    private void pass(ChannelHandlerContext ctx, ByteBuf buf) {
        decided = true;
        if (buf.isReadable()) {
            ctx.fireChannelRead(buf);
        } else {
            buf.release();
        }
        ctx.pipeline().remove(this);
    }

    private static void removeHttp3Handlers(ChannelHandlerContext ctx) {
        List<ChannelHandler> after = new ArrayList<>();
        boolean seen = false;
        for (var e : ctx.pipeline()) {
            if (seen) {
                after.add(e.getValue());
            } else if (e.getValue() == ctx.handler()) {
                seen = true;
            }
        }
        for (ChannelHandler h : after) {
            ctx.pipeline().remove(h);
        }
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        if (pending != null) {
            pending.release();
            pending = null;
        }
    }
}
