package dev.aetheris.transport;

import dev.aetheris.protocol.seam.DisconnectReason;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundInvoker;
import io.netty.util.concurrent.AbstractEventExecutor;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.internal.PlatformDependent;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.net.SocketAddress;
import java.util.Queue;
import java.util.concurrent.RejectedExecutionException;

/**
 * Server-side state of one client connection: WebSocket, native QUIC or a WebTransport session.
 *
 * <p><b>Ownership.</b> Fields marked <i>event loop</i> are touched only by the channel's event loop;
 * <i>room</i> fields only by the room loop; the reliable queue and the {@link StateHandoff} are
 * single-producer (room loop) single-consumer (event loop while open; room loop after it has seen
 * the disconnect, to release what is left).
 *
 * <p><b>Outbound order.</b> Each wake-up writes the reliable messages first (control never waits
 * behind state), then the newest tick's state, and only while the channel can take it: a WebSocket
 * channel over its write-buffer high-water mark, or a QUIC connection whose reliable stream has no
 * send capacity left (congestion window or flow control), keeps the state back, so the next tick's
 * state supersedes it. Writability returning wakes the connection again.
 */
final class Connection {
    /** Which transport carries the connection. */
    enum Kind {
        WS, QUIC, WT
    }

    private static final VarHandle FLUSH_SCHEDULED;

    static {
        try {
            FLUSH_SCHEDULED = MethodHandles.lookup().findVarHandle(Connection.class, "flushScheduled", boolean.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    final long id;
    final Kind kind;
    final Channel channel;
    final SocketAddress remote;
    final TransportCounters counters;
    final NettyGameTransport transport;
    final InboundEvent connectedEvent = new InboundEvent(false);
    final InboundEvent disconnectedEvent = new InboundEvent(false);
    final Queue<ByteBuf> reliableOut;
    final StateHandoff state;
    private final Runnable flushTask = this::flushNow;
    /** Event loop, WebSocket: the pipeline context queued frames are written from ({@link #flushWs}). */
    private ChannelHandlerContext wsOut;

    /** False once the channel is inactive (set on the event loop before the disconnect event is queued). */
    volatile boolean open = true;
    /** Set by the room loop through {@code GameTransport#authenticated}. */
    volatile boolean authenticated;
    /** Why the server closed it; {@code null} means the peer did. */
    volatile DisconnectReason serverCloseReason;
    private volatile boolean flushScheduled;
    /** The server has started closing it; further inbound data is ignored. */
    volatile boolean closing;

    /** QUIC and WT: the reliable stream, once the client has opened it (event loop writes, any reads). */
    volatile Channel stream;
    /** WT only: the quarter stream id every datagram of the session starts with; -1 otherwise. */
    final long datagramPrefix;

    // event loop: inbound budget window
    private long windowStart;
    private boolean windowStarted;
    private long windowBytes;
    private int windowMessages;
    private boolean windowOver;
    private int overWindows;
    boolean loggedAbuse;

    // room loop
    boolean dirty;
    boolean reportedConnected;

    Connection(long id, Kind kind, Channel channel, SocketAddress remote, TransportCounters counters,
               NettyGameTransport transport, TransportLimits limits) {
        this(id, kind, channel, remote, counters, transport, limits, -1);
    }

    Connection(long id, Kind kind, Channel channel, SocketAddress remote, TransportCounters counters,
               NettyGameTransport transport, TransportLimits limits, long datagramPrefix) {
        this.id = id;
        this.datagramPrefix = datagramPrefix;
        this.kind = kind;
        this.channel = channel;
        this.remote = remote;
        this.counters = counters;
        this.transport = transport;
        this.reliableOut = PlatformDependent.newFixedMpscQueue(limits.reliableQueueCapacity());
        this.state = new StateHandoff(limits.unreliableQueueCapacity());
        connectedEvent.type = InboundEvent.CONNECTED;
        connectedEvent.connection = this;
        disconnectedEvent.type = InboundEvent.DISCONNECTED;
        disconnectedEvent.connection = this;
    }

    /** Bytes over the low-water mark a WebSocket channel may hold before reliable writes wait. */
    static final long MAX_WS_RELIABLE_BACKLOG = 1024 * 1024;
    /** QUIC send capacity assumed until the client has opened its stream: quiche's initial window. */
    static final long QUIC_CAPACITY_BEFORE_STREAM = 10 * 1200;

    /** Budget verdicts. */
    static final int ADMIT = 0;
    static final int DROP = 1;
    static final int CLOSE = 2;

    /** Event loop: charges one inbound message against this second's budget. */
    int charge(int bytes, boolean reliable, TransportLimits limits, long nowNanos) {
        if (!windowStarted) {
            windowStarted = true;
            windowStart = nowNanos;
        } else if (nowNanos - windowStart >= 1_000_000_000L) {
            // Only back-to-back over-budget seconds count as sustained.
            overWindows = windowOver && nowNanos - windowStart < 2_000_000_000L ? overWindows + 1 : 0;
            windowStart = nowNanos;
            windowBytes = 0;
            windowMessages = 0;
            windowOver = false;
        }
        windowBytes += bytes;
        windowMessages++;
        long maxBytes = limits.inboundBytesPerSecond();
        int maxMessages = limits.inboundMessagesPerSecond();
        if (windowBytes > maxBytes * TransportLimits.HARD_BUDGET_FACTOR
                || windowMessages > (long) maxMessages * TransportLimits.HARD_BUDGET_FACTOR) {
            return CLOSE;
        }
        if (windowBytes > maxBytes || windowMessages > maxMessages) {
            windowOver = true;
            if (overWindows >= limits.abuseWindows()) {
                return CLOSE;
            }
            return reliable ? ADMIT : DROP;
        }
        return ADMIT;
    }

    /**
     * Room loop: queues a task for the event loop to write what is queued (at most one pending)
     * without waking the loop, and returns the loop, which the caller must then wake; null when
     * nothing new was queued. The room loop queues every connection's flush this way and wakes
     * each event loop once: woken per connection, an event loop on the room loop's core would
     * preempt it once per connection, in the middle of the tick.
     */
    EventExecutor scheduleFlushUnwoken() {
        if (FLUSH_SCHEDULED.compareAndSet(this, false, true)) {
            EventExecutor loop = channel.eventLoop();
            try {
                if (loop instanceof AbstractEventExecutor lazy) {
                    lazy.lazyExecute(flushTask);
                } else {
                    loop.execute(flushTask);
                }
                return loop;
            } catch (RejectedExecutionException e) {
                flushScheduled = false; // the event loop is shutting down; close() releases the queues
            }
        }
        return null;
    }

    /**
     * Event loop: writes the queued reliable messages, then the newest state if the channel can
     * take it, with one flush of each channel.
     */
    void flushNow() {
        flushScheduled = false;
        if (!open) {
            return; // the room loop releases what is left once it sees the disconnect
        }
        ChannelOutboundInvoker out = kind == Kind.WS ? wsOut() : channel;
        ChannelOutboundInvoker reliable = kind == Kind.WS ? out : stream;
        boolean wrote = reliable != null && writeReliable(reliable);
        if (wrote && reliable != out) {
            reliable.flush(); // stream data reaches quiche before this tick's datagrams
        }
        wrote |= writeState(out);
        if (wrote) {
            out.flush();
        }
    }

    /**
     * Event loop, WebSocket: where queued buffers are written from. They are whole frames
     * ({@link WsFrames}), written from the idle handler's place in the pipeline down: the protocol
     * handler still drops anything after a close frame, the frame encoder lets bytes pass, and the
     * idle handler above neither wraps each write's promise nor sees these writes (so its
     * writer-idle ping also goes out on a busy connection, once per a third of the idle timeout:
     * a few bytes).
     */
    private ChannelHandlerContext wsOut() {
        ChannelHandlerContext out = wsOut;
        if (out == null || out.isRemoved()) {
            out = wsOut = channel.pipeline().context(HttpPort.WS_IDLE);
            if (out == null) {
                out = wsOut = channel.pipeline().lastContext();
            }
        }
        return out;
    }

    /** Event loop: writes the queued reliable messages (unflushed); whether there were any. */
    private boolean writeReliable(ChannelOutboundInvoker out) {
        boolean wrote = false;
        ByteBuf b;
        while (!reliableBacklogFull() && (b = reliableOut.poll()) != null) {
            counters.outbound(b.readableBytes());
            out.write(b, out.voidPromise());
            wrote = true;
        }
        return wrote;
    }

    /** Event loop: writes the newest state (unflushed) if the channel can take it; whether it did. */
    private boolean writeState(ChannelOutboundInvoker out) {
        if (!stateMayGo()) {
            return false;
        }
        StateHandoff.Batch s = state.take();
        if (s == null) {
            return false;
        }
        for (int i = 0; i < s.count(); i++) {
            ByteBuf b = s.get(i);
            counters.outbound(b.readableBytes());
            out.write(b, out.voidPromise());
        }
        s.handedOff();
        return true;
    }

    /**
     * Event loop: a WebSocket peer that stopped reading must not make reliable data pile up without
     * bound in the channel; leaving it queued lets the room loop see a full queue and disconnect.
     */
    private boolean reliableBacklogFull() {
        return kind == Kind.WS && channel.bytesBeforeWritable() > MAX_WS_RELIABLE_BACKLOG;
    }

    /**
     * Event loop: whether the channel can take state now (see the class comment). Reliable data
     * that could not be written yet (no QUIC stream so far, a WebSocket backlog) holds state back too.
     */
    private boolean stateMayGo() {
        if (!channel.isWritable() || !reliableOut.isEmpty()) {
            return false;
        }
        Channel s = stream;
        return kind == Kind.WS || s == null || s.isWritable();
    }

    /**
     * Any thread: bytes the connection can take now, see {@code GameTransport#sendCapacity}. QUIC:
     * the reliable stream's send capacity as quiche last reported it (the smaller of its flow
     * credit and the congestion window's free space); WebSocket: bytes before the channel's
     * write buffer reaches its high-water mark.
     */
    int sendCapacity() {
        if (!open || closing) {
            return 0;
        }
        Channel s = kind == Kind.WS ? channel : stream;
        long bytes = s == null ? QUIC_CAPACITY_BEFORE_STREAM : s.bytesBeforeUnwritable();
        return (int) Math.min(Integer.MAX_VALUE, Math.max(0, bytes));
    }

    /** Room loop after the disconnect, or shutdown: releases queued buffers. */
    void releaseOutbound() {
        ByteBuf b;
        while ((b = reliableOut.poll()) != null) {
            b.release();
        }
        state.release();
    }

    @Override
    public String toString() {
        return kind.name().toLowerCase(java.util.Locale.ROOT) + " client " + Long.toUnsignedString(id) + " from "
                + remote;
    }
}
