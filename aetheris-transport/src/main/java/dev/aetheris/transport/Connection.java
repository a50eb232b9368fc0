package dev.aetheris.transport;

import dev.aetheris.protocol.seam.DisconnectReason;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
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
 * <i>room</i> fields only by the room loop; the outbound queues are single-producer (room loop)
 * single-consumer (event loop while open; room loop after it has seen the disconnect, to release
 * what is left).
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
    final Queue<ByteBuf> unreliableOut;
    private final Runnable flushTask = this::flushNow;

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
        this.unreliableOut = PlatformDependent.newFixedMpscQueue(limits.unreliableQueueCapacity());
        connectedEvent.type = InboundEvent.CONNECTED;
        connectedEvent.connection = this;
        disconnectedEvent.type = InboundEvent.DISCONNECTED;
        disconnectedEvent.connection = this;
    }

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

    /** Room loop: asks the event loop to write what is queued; at most one pending wake-up. */
    void scheduleFlush() {
        if (FLUSH_SCHEDULED.compareAndSet(this, false, true)) {
            try {
                channel.eventLoop().execute(flushTask);
            } catch (RejectedExecutionException e) {
                flushScheduled = false; // the event loop is shutting down; close() releases the queues
            }
        }
    }

    /** Event loop: writes and flushes everything queued. */
    void flushNow() {
        flushScheduled = false;
        if (!open) {
            return; // the room loop releases what is left once it sees the disconnect
        }
        boolean wrote = false;
        Channel reliableChannel = kind == Kind.WS ? channel : stream;
        ByteBuf b;
        if (reliableChannel != null) {
            while ((b = reliableOut.poll()) != null) {
                counters.outbound(b.readableBytes());
                reliableChannel.write(transport.wrapReliable(this, b), reliableChannel.voidPromise());
                wrote = true;
            }
            if (wrote && reliableChannel != channel) {
                reliableChannel.flush();
            }
        }
        while ((b = unreliableOut.poll()) != null) {
            counters.outbound(b.readableBytes());
            channel.write(transport.wrapUnreliable(this, b), channel.voidPromise());
            wrote = true;
        }
        if (wrote) {
            channel.flush();
        }
    }

    /** Room loop after the disconnect, or shutdown: releases queued buffers. */
    void releaseOutbound() {
        ByteBuf b;
        while ((b = reliableOut.poll()) != null) {
            b.release();
        }
        while ((b = unreliableOut.poll()) != null) {
            b.release();
        }
    }

    @Override
    public String toString() {
        return kind.name().toLowerCase(java.util.Locale.ROOT) + " client " + Long.toUnsignedString(id) + " from "
                + remote;
    }
}
