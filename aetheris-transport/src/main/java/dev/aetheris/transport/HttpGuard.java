package dev.aetheris.transport;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * First handler of a plain HTTP connection, against slow and many connections: it holds one of the
 * peer IP's connection slots (closing at once when there is none left), and gives each request a
 * deadline from its first byte until it has been read in full, headers and body, so a sender that
 * trickles bytes (slowloris) is answered 408 and closed instead of holding the socket forever.
 * Once the connection becomes a WebSocket it steps aside: WebSocket connections have their own
 * limits. Event loop only.
 */
final class HttpGuard extends ChannelInboundHandlerAdapter {
    static final String NAME = "http-guard";

    private static final String REQUEST_TIMEOUT =
            "HTTP/1.1 408 Request Timeout\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";

    private final IpConnectionSlots slots;
    private final HttpCounters counters;
    private final long timeoutNanos;
    private InetAddress slot;
    private ScheduledFuture<?> deadline;

    HttpGuard(IpConnectionSlots slots, HttpCounters counters, long timeoutNanos) {
        this.slots = slots;
        this.counters = counters;
        this.timeoutNanos = timeoutNanos;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        if (ctx.channel().remoteAddress() instanceof InetSocketAddress isa && isa.getAddress() != null) {
            if (!slots.tryAcquire(isa.getAddress())) {
                counters.onConnectionRefused();
                ctx.close();
                return;
            }
            slot = isa.getAddress();
        }
        super.channelActive(ctx);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (deadline == null && msg instanceof ByteBuf) {
            deadline = ctx.executor().schedule(() -> timedOut(ctx), timeoutNanos, TimeUnit.NANOSECONDS);
        }
        ctx.fireChannelRead(msg);
    }

    /** A whole request has been read: the next one gets its own deadline from its first byte. */
    void requestRead() {
        cancelDeadline();
    }

    /** The connection is a WebSocket now: give the slot back and step out of the pipeline. */
    void upgraded(ChannelHandlerContext anyCtx) {
        cancelDeadline();
        releaseSlot();
        if (anyCtx.pipeline().get(NAME) != null) {
            anyCtx.pipeline().remove(NAME);
        }
    }

    private void timedOut(ChannelHandlerContext ctx) {
        deadline = null;
        if (!ctx.channel().isActive()) {
            return;
        }
        counters.onRequestTimeout();
        // Raw bytes from this handler's position (in front of the HTTP codec), whatever the codec's state.
        ctx.writeAndFlush(Unpooled.copiedBuffer(REQUEST_TIMEOUT, StandardCharsets.US_ASCII))
                .addListener(ChannelFutureListener.CLOSE);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        cancelDeadline();
        releaseSlot();
        super.channelInactive(ctx);
    }

    private void cancelDeadline() {
        if (deadline != null) {
            deadline.cancel(false);
            deadline = null;
        }
    }

    private void releaseSlot() {
        if (slot != null) {
            slots.release(slot);
            slot = null;
        }
    }
}
