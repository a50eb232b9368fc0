package dev.aetheris.transport;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * Counters of one transport ({@code ws} or {@code quic}). Plain {@code long} fields updated with
 * atomic adds, because several event loops and the room loop write them; reading them needs no
 * registry lookup. {@link #appendPrometheus} renders them as {@code aetheris_transport_*} metrics.
 */
public final class TransportCounters {
    private static final VarHandle OPENED;
    private static final VarHandle CLOSED;
    private static final VarHandle AUTH_TIMEOUTS;
    private static final VarHandle RATE_LIMITED;
    private static final VarHandle IDLE_TIMEOUTS;
    private static final VarHandle BYTES_IN;
    private static final VarHandle MESSAGES_IN;
    private static final VarHandle BYTES_OUT;
    private static final VarHandle MESSAGES_OUT;
    private static final VarHandle DROPPED_IN;
    private static final VarHandle DROPPED_OUT;
    private static final VarHandle OVERSIZE_CLOSES;
    private static final VarHandle GARBAGE_CLOSES;
    private static final VarHandle ABUSE_CLOSES;
    private static final VarHandle RELIABLE_FULL;
    private static final VarHandle SUPERSEDED;
    private static final VarHandle OPEN;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            OPENED = l.findVarHandle(TransportCounters.class, "opened", long.class);
            CLOSED = l.findVarHandle(TransportCounters.class, "closed", long.class);
            AUTH_TIMEOUTS = l.findVarHandle(TransportCounters.class, "authTimeouts", long.class);
            RATE_LIMITED = l.findVarHandle(TransportCounters.class, "rateLimited", long.class);
            IDLE_TIMEOUTS = l.findVarHandle(TransportCounters.class, "idleTimeouts", long.class);
            BYTES_IN = l.findVarHandle(TransportCounters.class, "bytesIn", long.class);
            MESSAGES_IN = l.findVarHandle(TransportCounters.class, "messagesIn", long.class);
            BYTES_OUT = l.findVarHandle(TransportCounters.class, "bytesOut", long.class);
            MESSAGES_OUT = l.findVarHandle(TransportCounters.class, "messagesOut", long.class);
            DROPPED_IN = l.findVarHandle(TransportCounters.class, "droppedInbound", long.class);
            DROPPED_OUT = l.findVarHandle(TransportCounters.class, "droppedOutbound", long.class);
            OVERSIZE_CLOSES = l.findVarHandle(TransportCounters.class, "oversizeCloses", long.class);
            GARBAGE_CLOSES = l.findVarHandle(TransportCounters.class, "garbageCloses", long.class);
            ABUSE_CLOSES = l.findVarHandle(TransportCounters.class, "abuseCloses", long.class);
            RELIABLE_FULL = l.findVarHandle(TransportCounters.class, "reliableQueueFull", long.class);
            SUPERSEDED = l.findVarHandle(TransportCounters.class, "stateSuperseded", long.class);
            OPEN = l.findVarHandle(TransportCounters.class, "open", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final String transport;
    private volatile long opened;
    private volatile long closed;
    private volatile long authTimeouts;
    private volatile long rateLimited;
    private volatile long idleTimeouts;
    private volatile long bytesIn;
    private volatile long messagesIn;
    private volatile long bytesOut;
    private volatile long messagesOut;
    private volatile long droppedInbound;
    private volatile long droppedOutbound;
    private volatile long oversizeCloses;
    private volatile long garbageCloses;
    private volatile long abuseCloses;
    private volatile long reliableQueueFull;
    private volatile long stateSuperseded;
    private volatile long open;

    /** @param transport the label value, {@code ws} or {@code quic} */
    public TransportCounters(String transport) {
        this.transport = transport;
    }

    /** The label value. */
    public String transport() {
        return transport;
    }

    void opened() {
        OPENED.getAndAdd(this, 1L);
        OPEN.getAndAdd(this, 1L);
    }

    void closed() {
        CLOSED.getAndAdd(this, 1L);
        OPEN.getAndAdd(this, -1L);
    }

    void authTimeout() {
        AUTH_TIMEOUTS.getAndAdd(this, 1L);
    }

    void incRateLimited() {
        RATE_LIMITED.getAndAdd(this, 1L);
    }

    void idleTimeout() {
        IDLE_TIMEOUTS.getAndAdd(this, 1L);
    }

    void inbound(int bytes) {
        BYTES_IN.getAndAdd(this, (long) bytes);
        MESSAGES_IN.getAndAdd(this, 1L);
    }

    void outbound(int bytes) {
        BYTES_OUT.getAndAdd(this, (long) bytes);
        MESSAGES_OUT.getAndAdd(this, 1L);
    }

    void incDroppedInbound() {
        DROPPED_IN.getAndAdd(this, 1L);
    }

    void incDroppedOutbound() {
        DROPPED_OUT.getAndAdd(this, 1L);
    }

    void oversizeClose() {
        OVERSIZE_CLOSES.getAndAdd(this, 1L);
    }

    void garbageClose() {
        GARBAGE_CLOSES.getAndAdd(this, 1L);
    }

    void abuseClose() {
        ABUSE_CLOSES.getAndAdd(this, 1L);
    }

    void incReliableQueueFull() {
        RELIABLE_FULL.getAndAdd(this, 1L);
    }

    void incStateSuperseded() {
        SUPERSEDED.getAndAdd(this, 1L);
    }

    /** Connections accepted (after the rate limit). */
    public long connectionsOpened() {
        return opened;
    }

    /** Connections that ended, for any reason. */
    public long connectionsClosed() {
        return closed;
    }

    /** Connections open now. */
    public long connectionsOpen() {
        return open;
    }

    /** Connections closed for not authenticating in time. */
    public long authTimeouts() {
        return authTimeouts;
    }

    /** Connection attempts refused by the per-IP rate limit. */
    public long rateLimited() {
        return rateLimited;
    }

    /** Connections closed because the peer went silent. */
    public long idleTimeouts() {
        return idleTimeouts;
    }

    /** Inbound payload bytes. */
    public long bytesIn() {
        return bytesIn;
    }

    /** Inbound messages (datagrams and reliable messages). */
    public long messagesIn() {
        return messagesIn;
    }

    /** Outbound payload bytes written. */
    public long bytesOut() {
        return bytesOut;
    }

    /** Outbound messages written. */
    public long messagesOut() {
        return messagesOut;
    }

    /** Inbound unreliable messages dropped (over budget or inbound queue full). */
    public long droppedInbound() {
        return droppedInbound;
    }

    /**
     * Ticks' unreliable state (everything sent unreliably to one client between two flushes)
     * released unsent because a newer tick's state for the same client was published before the
     * connection could take the older one.
     */
    public long stateSuperseded() {
        return stateSuperseded;
    }

    /** Outbound unreliable messages dropped because a connection's queue was full. */
    public long droppedOutbound() {
        return droppedOutbound;
    }

    /** Connections closed for an oversize message or frame. */
    public long oversizeCloses() {
        return oversizeCloses;
    }

    /** Connections closed for malformed framing (bad WebSocket frames, text frames). */
    public long garbageCloses() {
        return garbageCloses;
    }

    /** Connections closed for sustained over-budget traffic. */
    public long abuseCloses() {
        return abuseCloses;
    }

    /** Reliable sends refused because a connection's reliable queue was full. */
    public long reliableQueueFull() {
        return reliableQueueFull;
    }

    /**
     * Appends the counters of several transports in Prometheus text format, one {@code # TYPE}
     * line per metric name and one sample per transport.
     */
    public static void appendPrometheus(StringBuilder out, TransportCounters... all) {
        metric(out, "connections_opened_total", "counter", all, TransportCounters::connectionsOpened);
        metric(out, "connections_closed_total", "counter", all, TransportCounters::connectionsClosed);
        metric(out, "connections_open", "gauge", all, TransportCounters::connectionsOpen);
        metric(out, "auth_timeouts_total", "counter", all, TransportCounters::authTimeouts);
        metric(out, "rate_limited_total", "counter", all, TransportCounters::rateLimited);
        metric(out, "idle_timeouts_total", "counter", all, TransportCounters::idleTimeouts);
        metric(out, "inbound_bytes_total", "counter", all, TransportCounters::bytesIn);
        metric(out, "inbound_messages_total", "counter", all, TransportCounters::messagesIn);
        metric(out, "outbound_bytes_total", "counter", all, TransportCounters::bytesOut);
        metric(out, "outbound_messages_total", "counter", all, TransportCounters::messagesOut);
        metric(out, "inbound_dropped_total", "counter", all, TransportCounters::droppedInbound);
        metric(out, "outbound_dropped_unreliable_total", "counter", all, TransportCounters::droppedOutbound);
        metric(out, "state_superseded_total", "counter", all, TransportCounters::stateSuperseded);
        metric(out, "reliable_queue_full_total", "counter", all, TransportCounters::reliableQueueFull);
        metric(out, "oversize_closes_total", "counter", all, TransportCounters::oversizeCloses);
        metric(out, "garbage_closes_total", "counter", all, TransportCounters::garbageCloses);
        metric(out, "abuse_closes_total", "counter", all, TransportCounters::abuseCloses);
    }

    private interface Reader {
        long read(TransportCounters c);
    }

    private static void metric(StringBuilder out, String name, String type, TransportCounters[] all, Reader r) {
        out.append("# TYPE aetheris_transport_").append(name).append(' ').append(type).append('\n');
        for (TransportCounters c : all) {
            out.append("aetheris_transport_").append(name).append("{transport=\"").append(c.transport)
                    .append("\"} ").append(r.read(c)).append('\n');
        }
    }
}
