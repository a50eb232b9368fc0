package dev.aetheris.transport;

import dev.aetheris.protocol.error.TransportError;
import dev.aetheris.protocol.error.TransportException;
import dev.aetheris.protocol.http.HttpHandler;
import dev.aetheris.protocol.seam.DisconnectReason;
import dev.aetheris.protocol.seam.GameTransport;
import dev.aetheris.protocol.seam.InboundHandler;
import dev.aetheris.protocol.seam.SendResult;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.EventLoopGroup;
import io.netty.handler.codec.quic.QuicChannel;
import io.netty.util.AttributeKey;
import io.netty.util.internal.PlatformDependent;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server's network edge: one HTTP/1.1 port (HTTP handlers by path prefix, WebSocket at
 * {@code /ws}) and one UDP port (native QUIC), both fronted by a single {@link GameTransport} so the
 * tick sees one transport.
 *
 * <p><b>Threading (docs/ARCHITECTURE.md).</b> Netty event loops own the sockets and never touch the game.
 * Every inbound message is copied into a pooled event and pushed onto one bounded MPSC queue that
 * {@link #poll} drains on the room loop. Sends copy into per-connection bounded queues and never
 * block; {@link #flush} wakes each connection that has something queued once, and its event loop
 * writes and flushes the batch. HTTP handlers run on a small worker pool, never on an event loop.
 *
 * <p><b>Wire.</b> WebSocket: one binary frame per message, both channels on the same ordered
 * stream (inbound is reported as reliable). QUIC (ALPN {@value #ALPN}): unreliable = RFC 9221
 * datagrams; reliable = the one bidirectional stream the client opens, carrying
 * {@code varint(length) ‖ payload} frames (RFC 9000 §16 varint, see {@link QuicVarint}); an empty
 * frame is a no-op the client sends first so the server learns of the stream.
 *
 * <p><b>Lifecycle.</b> {@link #start} binds both ports; {@link #close} should be called after the
 * room loop has stopped polling.
 */
public final class NettyGameTransport implements GameTransport, AutoCloseable {
    /** ALPN protocol name of native QUIC. */
    public static final String ALPN = "aetheris";
    /** Largest HTTP request body; larger ones get 413. */
    public static final int MAX_HTTP_BODY = 16 * 1024;
    /** WebSocket path on the HTTP port. */
    public static final String WS_PATH = "/ws";
    /** WebTransport path on the QUIC port (HTTP/3). */
    public static final String WT_PATH = "/wt";

    private static final Logger LOG = LoggerFactory.getLogger(NettyGameTransport.class);
    /** Time a graceful QUIC close leaves for queued stream data to be delivered and acknowledged. */
    static final long QUIC_CLOSE_GRACE_MS = 300;
    static final AttributeKey<Connection> CONNECTION = AttributeKey.valueOf("aetheris.connection");

    private final TransportConfig config;
    private final TransportLimits limits;
    private final TlsMaterial tls;
    private final List<Map.Entry<String, HttpHandler>> routes;
    private final TransportCounters wsCounters = new TransportCounters("ws");
    private final TransportCounters quicCounters = new TransportCounters("quic");
    private final TransportCounters wtCounters = new TransportCounters("wt");
    private final IpRateLimiter rateLimiter;
    private final HttpCounters httpCounters = new HttpCounters();
    private final IpConnectionSlots httpSlots;
    private final Queue<InboundEvent> inbound;
    private final Queue<InboundEvent> pool;
    private final Set<Long> liveIds = ConcurrentHashMap.newKeySet();
    private final Set<Connection> openConnections = ConcurrentHashMap.newKeySet();
    private final AtomicInteger connected = new AtomicInteger();
    private final EventLoopGroup group;
    private final ExecutorService httpWorkers;

    private final RoomSide room;

    private volatile Channel httpChannel;
    private volatile Channel quicChannel;
    private volatile boolean closed;

    private NettyGameTransport(TransportConfig config, TlsMaterial tls, Map<String, HttpHandler> routes) {
        this.config = config;
        this.limits = config.limits();
        this.tls = tls;
        List<Map.Entry<String, HttpHandler>> r = new ArrayList<>(routes.entrySet());
        for (Map.Entry<String, HttpHandler> e : r) {
            if (!e.getKey().startsWith("/")) {
                throw new IllegalArgumentException("HTTP route prefix must start with '/': " + e.getKey());
            }
        }
        // Longest prefix first, so "/v1/auth/" wins over "/".
        r.sort(Comparator.comparingInt((Map.Entry<String, HttpHandler> e) -> e.getKey().length()).reversed());
        this.routes = List.copyOf(r);
        this.rateLimiter = new IpRateLimiter(limits.connectionsPerSecondPerIp(), limits.connectionBurstPerIp());
        this.httpSlots = new IpConnectionSlots(limits.httpConnectionsPerIp());
        int capacity = limits.inboundQueueCapacity();
        this.pool = PlatformDependent.newFixedMpmcQueue(capacity);
        for (int i = 0; i < capacity; i++) {
            pool.offer(new InboundEvent(true));
        }
        this.inbound = PlatformDependent.newMpscQueue();
        this.room = new RoomSide(inbound, pool, liveIds, limits);
        int threads = config.ioThreads() > 0 ? config.ioThreads()
                : Math.min(4, Runtime.getRuntime().availableProcessors());
        this.group = NettyIo.newGroup(threads, "aetheris-io", true);
        this.httpWorkers = new ThreadPoolExecutor(config.httpWorkers(), config.httpWorkers(), 30, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(1024), NettyIo.daemonThreads("aetheris-http"));
    }

    /**
     * Loads TLS material (configured or generated, see {@link TlsMaterial#forConfig}) and starts.
     *
     * @param routes HTTP handlers by path prefix ({@code "/"} catches everything else)
     * @throws TransportStartException if a port is in use, the data dir is unwritable or TLS material is bad
     */
    public static NettyGameTransport start(TransportConfig config, Map<String, HttpHandler> routes)
            throws TransportStartException {
        TlsMaterial tls = config.quicPort() == TransportConfig.QUIC_DISABLED ? null
                : TlsMaterial.forConfig(config, Instant.now());
        return start(config, tls, routes);
    }

    /**
     * Binds the HTTP port and, if {@code tls} is given and native QUIC is available, the QUIC port.
     *
     * @throws TransportStartException naming the port that cannot be bound
     */
    public static NettyGameTransport start(TransportConfig config, TlsMaterial tls, Map<String, HttpHandler> routes)
            throws TransportStartException {
        if (tls != null && tls.generated() && !config.devMode()) {
            LOG.warn("QUIC uses a generated self-signed certificate (SHA-256 {}); clients must pin it. "
                    + "Configure tls-cert and tls-key for production.", tls.sha256());
        }
        NettyGameTransport t = new NettyGameTransport(config, tls, routes);
        try {
            t.bind();
            return t;
        } catch (TransportStartException | RuntimeException e) {
            t.close();
            throw e;
        }
    }

    private void bind() throws TransportStartException {
        httpChannel = PortBinder.bindHttp(config, group, new HttpPort(this));
        if (tls != null && config.quicPort() != TransportConfig.QUIC_DISABLED) {
            quicChannel = PortBinder.bindQuic(config, group, () -> QuicPort.serverCodec(this, tls, limits));
        }
    }

    // ---------------------------------------------------------------- accessors

    /** The bound HTTP port (useful with port 0). */
    public int httpPort() {
        return ((InetSocketAddress) httpChannel.localAddress()).getPort();
    }

    /** The bound QUIC (UDP) port, or -1 when QUIC is not running. */
    public int quicPort() {
        Channel q = quicChannel;
        return q == null ? -1 : ((InetSocketAddress) q.localAddress()).getPort();
    }

    /** The TLS material QUIC uses, or {@code null} when QUIC is disabled. */
    public TlsMaterial tls() {
        return tls;
    }

    /** SHA-256 (hex) of the QUIC certificate, or {@code null} when QUIC is disabled. */
    public String certificateSha256() {
        return tls == null ? null : tls.sha256();
    }

    /** Counters of the WebSocket transport. */
    public TransportCounters wsCounters() {
        return wsCounters;
    }

    /** Counters of the QUIC transport. */
    public TransportCounters quicCounters() {
        return quicCounters;
    }

    /** Refusals on the plain HTTP side of the HTTP port. */
    public HttpCounters httpCounters() {
        return httpCounters;
    }

    /** Counters of WebTransport sessions. */
    public TransportCounters wtCounters() {
        return wtCounters;
    }

    /**
     * Appends {@code aetheris_transport_*} metrics for every transport and {@code aetheris_http_*}
     * refusals in Prometheus text format.
     */
    public void appendPrometheus(StringBuilder out) {
        TransportCounters.appendPrometheus(out, wsCounters, quicCounters, wtCounters);
        httpCounters.appendPrometheus(out);
    }

    TransportCounters counters(Connection.Kind kind) {
        return switch (kind) {
            case WS -> wsCounters;
            case QUIC -> quicCounters;
            case WT -> wtCounters;
        };
    }

    IpConnectionSlots httpSlots() {
        return httpSlots;
    }

    TransportLimits limits() {
        return limits;
    }

    ExecutorService httpWorkers() {
        return httpWorkers;
    }

    List<Map.Entry<String, HttpHandler>> routes() {
        return routes;
    }

    // ---------------------------------------------------------------- room loop (GameTransport)

    @Override
    public void poll(InboundHandler handler) throws TransportException {
        if (closed) {
            throw new TransportException(new TransportError.Io("transport is closed"));
        }
        room.poll(handler);
    }

    @Override
    public SendResult sendUnreliable(long clientId, byte[] data, int offset, int length) {
        return room.sendUnreliable(clientId, data, offset, length);
    }

    /** WebSocket "datagrams" are frames on the ordered stream: they may be as large as any message. */
    @Override
    public int maxUnreliableSize(long clientId) {
        return room.maxUnreliableSize(clientId);
    }

    @Override
    public SendResult sendReliable(long clientId, byte[] data, int offset, int length) {
        return room.sendReliable(clientId, data, offset, length);
    }

    @Override
    public int broadcastUnreliable(byte[] data, int offset, int length) {
        return room.broadcastUnreliable(data, offset, length);
    }

    /**
     * Publishes every connection's state of this tick (superseding state its event loop has not
     * taken yet) and wakes each connection with something queued once.
     */
    @Override
    public void flush() {
        room.flush();
    }

    /**
     * QUIC: the reliable stream's send capacity as quiche last reported it (the smaller of the
     * stream's flow credit and the congestion window's free space; updated on the connection's
     * event loop as packets are sent and acknowledged). WebSocket: bytes before the channel's write
     * buffer reaches its high-water mark. 0 for a closing or unknown connection.
     */
    @Override
    public int sendCapacity(long clientId) {
        return room.sendCapacity(clientId);
    }

    /** Room loop: the live connection of {@code clientId}, or {@code null}. */
    Connection connection(long clientId) {
        return room.connection(clientId);
    }

    @Override
    public void disconnect(long clientId, String reason) {
        Connection c = room.connection(clientId);
        if (c == null || !c.open) {
            return;
        }
        String why = reason == null ? "disconnected by server" : reason;
        c.channel.eventLoop().execute(() -> {
            c.flushNow(); // what the tick queued for it (e.g. a close notice) goes out first
            closeConnection(c, DisconnectReason.DISCONNECTED, 1000, why, true);
        });
    }

    @Override
    public void authenticated(long clientId) {
        Connection c = room.connection(clientId);
        if (c != null) {
            c.authenticated = true;
        }
    }

    @Override
    public int connectedCount() {
        return connected.get();
    }

    // ---------------------------------------------------------------- event loops

    /** Event loop: applies the per-IP rate limit to a new connection; counts a refusal. */
    boolean admit(SocketAddress remote, TransportCounters counters) {
        if (closed) {
            return false;
        }
        if (remote instanceof InetSocketAddress isa && isa.getAddress() != null
                && !rateLimiter.tryAcquire(isa.getAddress(), System.nanoTime())) {
            counters.incRateLimited();
            return false;
        }
        return true;
    }

    /** Event loop: a connection is established (WebSocket handshake done, QUIC handshake done). */
    Connection register(Connection.Kind kind, Channel channel, SocketAddress remote) {
        return register(kind, channel, remote, -1, limits.authDeadline().toNanos());
    }

    /** As {@link #register(Connection.Kind, Channel, SocketAddress)}; WT gives its datagram prefix and Auth time left. */
    Connection register(Connection.Kind kind, Channel channel, SocketAddress remote, long datagramPrefix, long authNanos) {
        long id;
        do {
            id = ThreadLocalRandom.current().nextLong();
        } while (id == 0 || !liveIds.add(id));
        Connection c = new Connection(id, kind, channel, remote, counters(kind), this, limits, datagramPrefix);
        channel.attr(CONNECTION).set(c);
        c.counters.opened();
        connected.incrementAndGet();
        openConnections.add(c);
        inbound.offer(c.connectedEvent);
        channel.eventLoop().schedule(() -> checkAuthenticated(c), authNanos, TimeUnit.NANOSECONDS);
        return c;
    }

    private void checkAuthenticated(Connection c) {
        if (c.open && !c.authenticated && !c.closing) {
            c.counters.authTimeout();
            LOG.debug("{} did not authenticate within {}", c, limits.authDeadline());
            closeConnection(c, DisconnectReason.DISCONNECTED, 1008, "not authenticated in time");
        }
    }

    /** Event loop: one inbound message of {@code length} bytes at {@code index} of {@code buf}. */
    void onInbound(Connection c, ByteBuf buf, int index, int length, boolean reliable) {
        if (!c.open || c.closing) {
            return;
        }
        c.counters.inbound(length);
        switch (c.charge(length, reliable, limits, System.nanoTime())) {
            case Connection.DROP -> {
                c.counters.incDroppedInbound();
                return;
            }
            case Connection.CLOSE -> {
                c.counters.abuseClose();
                if (!c.loggedAbuse) {
                    c.loggedAbuse = true;
                    LOG.warn("closing {}: inbound traffic far over budget ({} bytes / {} messages per second)", c,
                            limits.inboundBytesPerSecond(), limits.inboundMessagesPerSecond());
                }
                closeConnection(c, DisconnectReason.DISCONNECTED, 1008, "inbound budget exceeded");
                return;
            }
            default -> {
            }
        }
        InboundEvent e = pool.poll();
        if (e == null) {
            // The room loop is not keeping up: shed datagrams; a lost reliable message would break
            // ordering, so that connection goes.
            c.counters.incDroppedInbound();
            if (reliable) {
                closeConnection(c, DisconnectReason.DISCONNECTED, 1013, "server overloaded");
            }
            return;
        }
        buf.getBytes(index, e.bufferFor(length), 0, length);
        e.type = InboundEvent.MESSAGE;
        e.connection = c;
        e.length = length;
        e.reliable = reliable;
        inbound.offer(e);
    }

    /** Event loop: the channel of {@code c} became inactive. Idempotent. */
    void onChannelClosed(Connection c, DisconnectReason peerReason) {
        if (!c.open) {
            return;
        }
        c.open = false;
        c.counters.closed();
        connected.decrementAndGet();
        openConnections.remove(c);
        DisconnectReason server = c.serverCloseReason;
        c.disconnectedEvent.reason = server != null ? server : peerReason;
        inbound.offer(c.disconnectedEvent);
    }

    /**
     * Event loop: closes {@code c} on the server's initiative; {@code graceful} lets queued reliable
     * data reach the client first.
     */
    void closeConnection(Connection c, DisconnectReason reason, int code, String why, boolean graceful) {
        if (c.closing) {
            return;
        }
        c.closing = true;
        c.serverCloseReason = reason;
        // A WebSocket close reason must fit 123 UTF-8 bytes; 40 characters always do.
        String text = why.length() > 40 ? why.substring(0, 40) : why;
        if (c.kind == Connection.Kind.WS) {
            WsClose.close(c.channel, code, text);
        } else if (c.kind == Connection.Kind.WT) {
            WebTransportEdge.close(c, code, text, graceful);
        } else if (graceful && c.stream != null && c.channel.isActive()) {
            // CONNECTION_CLOSE discards stream data not yet acknowledged: let what the tick queued
            // (close notices, last state) arrive first.
            c.channel.eventLoop().schedule(() -> ((QuicChannel) c.channel).close(true, code,
                    Unpooled.copiedBuffer(text, StandardCharsets.UTF_8)), QUIC_CLOSE_GRACE_MS, TimeUnit.MILLISECONDS);
        } else {
            ((QuicChannel) c.channel).close(true, code, Unpooled.copiedBuffer(text, StandardCharsets.UTF_8));
        }
    }

    /** Event loop (or any thread): closes {@code c} at once, e.g. for abuse. */
    void closeConnection(Connection c, DisconnectReason reason, int code, String why) {
        closeConnection(c, reason, code, why, false);
    }

    // ---------------------------------------------------------------- shutdown

    /**
     * Stops accepting, closes every connection, stops the event loops and the HTTP workers, and
     * releases queued buffers. Call after the room loop has stopped polling.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        Channel h = httpChannel;
        if (h != null) {
            h.close().awaitUninterruptibly();
        }
        for (Connection c : List.copyOf(openConnections)) {
            c.channel.eventLoop().execute(() -> {
                c.flushNow(); // the tick's last messages (e.g. shutdown notices) go out first
                closeConnection(c, DisconnectReason.DISCONNECTED, 1001, "server shutting down", true);
            });
        }
        Channel q = quicChannel;
        if (q != null) {
            // Give QUIC a moment to send CONNECTION_CLOSE frames before the socket goes.
            q.eventLoop().schedule(() -> q.close(), QUIC_CLOSE_GRACE_MS + 100, TimeUnit.MILLISECONDS);
            q.closeFuture().awaitUninterruptibly(2, TimeUnit.SECONDS);
        }
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
        httpWorkers.shutdownNow();
        InboundEvent e;
        while ((e = inbound.poll()) != null) {
            if (e.type == InboundEvent.DISCONNECTED) {
                e.connection.releaseOutbound();
            }
        }
        room.releaseAll();
        for (Connection c : openConnections) {
            c.releaseOutbound();
        }
    }
}
