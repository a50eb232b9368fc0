package dev.aetheris.transport;

import dev.aetheris.protocol.Sizes;
import dev.aetheris.protocol.seam.InboundHandler;
import dev.aetheris.protocol.seam.SendResult;
import dev.aetheris.protocol.util.LongMap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.util.concurrent.EventExecutor;
import java.util.Arrays;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.RejectedExecutionException;

/**
 * The room loop's half of {@link NettyGameTransport}: the live connections by id, draining the
 * inbound queue, copying sends into each connection's outbound structures, and the end-of-tick
 * publish and wake-up. Touched only by the room-loop thread (registration reaches it through the
 * inbound queue), so none of its state is shared with event loops.
 */
final class RoomSide {
    private final Queue<InboundEvent> inbound;
    private final Queue<InboundEvent> pool;
    private final Set<Long> liveIds;
    private final TransportLimits limits;
    private final ByteBufAllocator alloc = ByteBufAllocator.DEFAULT;
    private final LongMap<Connection> live = new LongMap<>();
    private Connection[] dirty = new Connection[64];
    private int dirtyCount;
    /** The event loops {@link #flush} queued work for, woken once each at its end. */
    private EventExecutor[] toWake = new EventExecutor[8];
    private static final Runnable WAKE = () -> { };

    RoomSide(Queue<InboundEvent> inbound, Queue<InboundEvent> pool, Set<Long> liveIds, TransportLimits limits) {
        this.inbound = inbound;
        this.pool = pool;
        this.liveIds = liveIds;
        this.limits = limits;
    }

    Connection connection(long clientId) {
        return live.get(clientId);
    }

    void poll(InboundHandler handler) {
        // Bound the drain by what is queued now, so a flood cannot keep the room loop here.
        int n = inbound.size();
        for (int i = 0; i < n; i++) {
            InboundEvent e = inbound.poll();
            if (e == null) {
                break;
            }
            Connection c = e.connection;
            try {
                switch (e.type) {
                    case InboundEvent.CONNECTED -> {
                        live.put(c.id, c);
                        c.reportedConnected = true;
                        handler.onConnected(c.id);
                    }
                    case InboundEvent.MESSAGE -> {
                        if (c.reportedConnected && live.get(c.id) == c) {
                            handler.onMessage(c.id, e.data(), 0, e.length, e.reliable);
                        }
                    }
                    case InboundEvent.DISCONNECTED -> {
                        live.remove(c.id);
                        liveIds.remove(c.id);
                        c.releaseOutbound();
                        if (c.reportedConnected) {
                            handler.onDisconnected(c.id, e.reason);
                        }
                    }
                    default -> throw new IllegalStateException("unknown inbound event type " + e.type);
                }
            } finally {
                if (e.pooled) {
                    e.recycle();
                    pool.offer(e);
                }
            }
        }
    }

    SendResult sendUnreliable(long clientId, byte[] data, int offset, int length) {
        Connection c = live.get(clientId);
        if (length > Sizes.MAX_SAFE_PAYLOAD_SIZE && (c == null || length > unreliableLimit(c))) {
            return SendResult.TOO_LARGE;
        }
        if (c == null || !c.open) {
            return SendResult.NOT_CONNECTED;
        }
        return enqueue(c, data, offset, length, false);
    }

    int maxUnreliableSize(long clientId) {
        Connection c = live.get(clientId);
        return c == null ? Sizes.MAX_SAFE_PAYLOAD_SIZE : unreliableLimit(c);
    }

    private int unreliableLimit(Connection c) {
        return c.kind == Connection.Kind.WS ? limits.maxMessageSize() : Sizes.MAX_SAFE_PAYLOAD_SIZE;
    }

    SendResult sendReliable(long clientId, byte[] data, int offset, int length) {
        if (length > limits.maxMessageSize()) {
            return SendResult.TOO_LARGE;
        }
        Connection c = live.get(clientId);
        if (c == null || !c.open) {
            return SendResult.NOT_CONNECTED;
        }
        return enqueue(c, data, offset, length, true);
    }

    int broadcastUnreliable(byte[] data, int offset, int length) {
        if (length > Sizes.MAX_SAFE_PAYLOAD_SIZE) {
            return 0;
        }
        int n = 0;
        for (int i = 0; i < live.capacity(); i++) {
            Connection c = live.valueAt(i);
            if (c != null && c.open && enqueue(c, data, offset, length, false) == SendResult.SENT) {
                n++;
            }
        }
        return n;
    }

    int sendCapacity(long clientId) {
        Connection c = live.get(clientId);
        return c == null ? 0 : c.sendCapacity();
    }

    private SendResult enqueue(Connection c, byte[] data, int offset, int length, boolean reliable) {
        boolean ws = c.kind == Connection.Kind.WS;
        boolean framed = reliable && !ws;
        boolean prefixed = !reliable && c.datagramPrefix >= 0; // HTTP/3 datagram: quarter stream id first
        ByteBuf b = alloc.directBuffer(length + (framed ? QuicVarint.encodedLength(length) : 0)
                + (prefixed ? QuicVarint.encodedLength(c.datagramPrefix) : 0) + (ws ? WsFrames.headerLength(length) : 0));
        if (ws) {
            WsFrames.writeHeader(b, length);
        } else if (framed) {
            QuicVarint.write(b, length);
        } else if (prefixed) {
            QuicVarint.write(b, c.datagramPrefix);
        }
        b.writeBytes(data, offset, length);
        boolean queued = reliable ? c.reliableOut.offer(b) : c.state.add(b);
        if (!queued) {
            b.release();
            if (reliable) {
                c.counters.incReliableQueueFull();
            } else {
                c.counters.incDroppedOutbound();
            }
            return SendResult.QUEUE_FULL;
        }
        if (!c.dirty) {
            c.dirty = true;
            if (dirtyCount == dirty.length) {
                dirty = Arrays.copyOf(dirty, dirty.length * 2);
            }
            dirty[dirtyCount++] = c;
        }
        return SendResult.SENT;
    }

    /** Publishes every connection written to this tick, then wakes each event loop with work once. */
    void flush() {
        int loops = 0;
        for (int i = 0; i < dirtyCount; i++) {
            Connection c = dirty[i];
            dirty[i] = null;
            c.dirty = false;
            if (c.state.publish()) {
                c.counters.incStateSuperseded();
            }
            if (c.open) {
                EventExecutor loop = c.scheduleFlushUnwoken();
                if (loop != null && !contains(toWake, loops, loop)) {
                    if (loops == toWake.length) {
                        toWake = Arrays.copyOf(toWake, loops * 2);
                    }
                    toWake[loops++] = loop;
                }
            }
        }
        dirtyCount = 0;
        for (int i = 0; i < loops; i++) {
            try {
                toWake[i].execute(WAKE); // runs after the flushes queued before it
            } catch (RejectedExecutionException e) {
                // shutting down: the connections' close releases what they hold
            }
            toWake[i] = null;
        }
    }

    private static boolean contains(EventExecutor[] a, int n, EventExecutor x) {
        for (int i = 0; i < n; i++) {
            if (a[i] == x) {
                return true;
            }
        }
        return false;
    }

    /** Shutdown, after the room loop stopped: releases every live connection's queued buffers. */
    void releaseAll() {
        for (int i = 0; i < live.capacity(); i++) {
            Connection c = live.valueAt(i);
            if (c != null) {
                c.releaseOutbound();
            }
        }
    }
}
