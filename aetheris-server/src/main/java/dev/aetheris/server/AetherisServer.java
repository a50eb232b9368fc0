package dev.aetheris.server;

import dev.aetheris.auth.AuthConfig;
import dev.aetheris.auth.AuthHttpApi;
import dev.aetheris.auth.AuthService;
import dev.aetheris.codec.MsgpackCodec;
import dev.aetheris.fleet.FleetHttpApi;
import dev.aetheris.fleet.FleetStoreException;
import dev.aetheris.protocol.MonotonicClock;
import dev.aetheris.protocol.http.HttpHandler;
import dev.aetheris.protocol.seam.WorldState;
import dev.aetheris.protocol.util.PrivateFiles;
import dev.aetheris.server.http.HealthHandler;
import dev.aetheris.server.http.MetricsHandler;
import dev.aetheris.server.http.StaticSiteHandler;
import dev.aetheris.server.http.StatsHandler;
import dev.aetheris.server.metrics.MetricsSource;
import dev.aetheris.server.metrics.PrometheusText;
import dev.aetheris.server.metrics.TickMetrics;
import dev.aetheris.server.room.RoomKinds;
import dev.aetheris.server.room.RoomManager;
import dev.aetheris.server.room.RoomSettings;
import dev.aetheris.server.room.TransportMux;
import dev.aetheris.server.tick.TickConfig;
import dev.aetheris.transport.CertificateHashHandler;
import dev.aetheris.transport.NettyGameTransport;
import dev.aetheris.transport.TlsMaterial;
import dev.aetheris.transport.TransportConfig;
import dev.aetheris.transport.TransportLimits;
import dev.aetheris.transport.TransportStartException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The whole server: auth, rooms (each a world on its own loop), codec, transports and the
 * cluster node, wired together on one HTTP port and one UDP port. {@link #start} brings
 * everything up or fails with a message naming the problem; {@link #drain} stops taking players
 * and lets rooms play on; {@link #close} stops it in order (room loops, cluster, connections,
 * auth) within a few seconds.
 */
public final class AetherisServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AetherisServer.class);
    /** Where the playground page lives on the class path. */
    public static final String PLAYGROUND_SITE = "dev/aetheris/playground/site";

    private final ServerConfig config;
    private final AuthService auth;
    private final NettyGameTransport transport;
    private final RoomManager rooms;
    private final ClusterNode cluster;
    private final ScheduledExecutorService timer;
    private final boolean playgroundAvailable;
    private final AtomicBoolean draining;

    private AetherisServer(ServerConfig config, AuthService auth, NettyGameTransport transport, RoomManager rooms,
                           ClusterNode cluster, ScheduledExecutorService timer, boolean playgroundAvailable,
                           AtomicBoolean draining) {
        this.config = config;
        this.auth = auth;
        this.transport = transport;
        this.rooms = rooms;
        this.cluster = cluster;
        this.timer = timer;
        this.playgroundAvailable = playgroundAvailable;
        this.draining = draining;
    }

    /**
     * Starts the server with the built-in room kinds ({@code playground}, {@code s1}).
     *
     * @param version reported in the manifest
     * @throws StartException with a user-facing message (bad setting, port in use, unwritable data dir)
     */
    public static AetherisServer start(ServerConfig config, String version) throws StartException {
        return start(config, version, builtInKinds(config), System.getenv());
    }

    /**
     * The built-in room kinds ({@code playground}, {@code s1}) sized by {@code config}; a game
     * registers its own kinds on the result and passes it to {@link #start(ServerConfig, String, RoomKinds, Map)}.
     */
    public static RoomKinds builtInKinds(ServerConfig config) {
        return BuiltInKinds.of(config);
    }

    /**
     * Starts the server with the given room kinds (a game registers its own next to the built-in ones).
     *
     * @param kinds the kinds rooms may have; {@code config.world()} is the default room's
     * @param env   the environment ({@code AGONES_SDK_HTTP_PORT} turns Agones on)
     * @throws StartException with a user-facing message
     */
    public static AetherisServer start(ServerConfig config, String version, RoomKinds kinds, Map<String, String> env)
            throws StartException {
        Path dataDir = config.dataDir().toAbsolutePath();
        requireWritable(dataDir);
        AuthService auth = null;
        ClusterNode cluster = null;
        NettyGameTransport transport = null;
        try {
            TickConfig tickConfig = TickConfig.of(config.tickRate(), version).withMaxClients(config.maxClients())
                    .withReplication(config.interestRadius(), config.clientBudget());
            tickConfig = tickConfig.withStateRate(config.effectiveStateRate());
            if (!kinds.has(config.world())) {
                throw new IllegalArgumentException("world '" + config.world() + "' is not available in this build; "
                        + "known: " + kinds.names());
            }
            ClusterConfig cc = config.cluster();
            RoomSettings roomSettings = new RoomSettings(config.world(), cc.roomCapacity(), cc.maxRooms(),
                    cc.emptyRoomGrace(), config.seed());
            AuthConfig authConfig = AuthConfig.of(dataDir, config.dev(), config.smtpUrl())
                    .withAdminEmails(config.adminEmails()).withJdbcUrl(config.jdbcUrl());
            auth = AuthService.builder(authConfig).build();
            cluster = ClusterNode.open(config, dataDir, env);

            AtomicReference<RoomManager> roomsRef = new AtomicReference<>();
            AtomicReference<NettyGameTransport> transportRef = new AtomicReference<>();
            AtomicBoolean draining = new AtomicBoolean();
            TickMetrics defaultMetrics = new TickMetrics();
            StatsHandler stats = new StatsHandler(defaultMetrics, config.tickRate());
            HealthHandler health = new HealthHandler(() -> ticking(roomsRef));
            HealthHandler ready = new HealthHandler(() -> !draining.get() && ticking(roomsRef));
            StaticSiteHandler site = new StaticSiteHandler(PLAYGROUND_SITE);
            AuthService authRef = auth;
            MetricsSource transportMetrics = out -> {
                NettyGameTransport t = transportRef.get();
                if (t != null) {
                    t.appendPrometheus(out);
                }
            };
            MetricsSource authMetrics = out -> {
                PrometheusText p = new PrometheusText(out);
                p.header("aetheris_auth_events_total", "counter", "Auth service events.");
                authRef.metrics().snapshot().forEach((k, v) -> p.sample("aetheris_auth_events_total",
                        "event=\"" + k + "\"", v));
            };
            AtomicReference<MetricsSource> roomMetrics = new AtomicReference<>(out -> { });
            Map<String, HttpHandler> routes = new LinkedHashMap<>();
            routes.put(AuthHttpApi.PREFIX, AuthHttpApi.create(auth));
            routes.put(FleetHttpApi.MATCHMAKE, cluster.matchmakeHandler());
            routes.put(FleetHttpApi.ROOMS, cluster.roomsHandler());
            routes.put("/metrics", new MetricsHandler(List.of(defaultMetrics, out -> roomMetrics.get().appendPrometheus(out),
                    transportMetrics, authMetrics)));
            routes.put("/healthz", health);
            routes.put("/readyz", ready);
            routes.put("/v1/stats", stats);
            routes.put("/", site);

            TransportLimits limits = config.dev()
                    // Local bots and browsers all come from one address in development.
                    ? TransportLimits.DEFAULT.withConnectionRate(1_000, 2_000)
                            .withHttp(TransportLimits.DEFAULT.httpRequestTimeout(), 10_000)
                    : TransportLimits.DEFAULT;
            TransportConfig tc = new TransportConfig(config.bind(), config.httpPort(), config.quicPort(), dataDir,
                    config.dev(), config.certFile(), config.keyFile(), 0, 2, limits);
            TlsMaterial tls = TlsMaterial.forConfig(tc, Instant.now());
            if (config.dev()) {
                routes.put("/v1/dev/cert-hash", new CertificateHashHandler(tls.sha256(), () -> {
                    NettyGameTransport t = transportRef.get();
                    return t == null ? -1 : t.quicPort();
                }));
            }
            transport = NettyGameTransport.start(tc, tls, routes);
            transportRef.set(transport);

            MonotonicClock clock = MonotonicClock.system();
            TransportMux mux = new TransportMux(transport, new MsgpackCodec(), clock, config.maxClients());
            ClusterNode node = cluster;
            RoomManager rooms = new RoomManager(kinds, roomSettings, tickConfig, mux, auth, cluster.seats(), clock,
                    node::seatGranted, config.world() + "-" + cluster.nodeId(), defaultMetrics);
            roomsRef.set(rooms);
            roomMetrics.set(new RoomMetrics(rooms, cluster.seats(), mux));
            rooms.start();
            cluster.join(config.bind(), transport.httpPort(), transport.quicPort(), rooms, auth, kinds.names());
            ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
                    Thread.ofPlatform().name("server-timer").daemon().factory());
            timer.scheduleAtFixedRate(stats::sample, 1, 1, TimeUnit.SECONDS);
            timer.scheduleAtFixedRate(() -> reapQuietly(rooms), 1, 1, TimeUnit.SECONDS);
            return new AetherisServer(config, auth, transport, rooms, cluster, timer, site.available(), draining);
        } catch (IllegalArgumentException | FleetStoreException e) {
            closeQuietly(transport, cluster, auth);
            throw new StartException(e.getMessage(), e);
        } catch (TransportStartException e) {
            closeQuietly(transport, cluster, auth);
            throw new StartException(e.getMessage(), e);
        } catch (RuntimeException e) {
            closeQuietly(transport, cluster, auth);
            throw new StartException("could not start: " + e, e);
        }
    }

    private static boolean ticking(AtomicReference<RoomManager> rooms) {
        RoomManager r = rooms.get();
        return r != null && r.defaultRoomHandle().loop().tickedWithin(Duration.ofSeconds(1).toNanos());
    }

    private static void reapQuietly(RoomManager rooms) {
        try {
            rooms.reap();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.error("Disposing empty rooms failed: {}", e.toString());
        }
    }

    private static void requireWritable(Path dir) throws StartException {
        try {
            PrivateFiles.createDirectories(dir);
            Path probe = Files.createTempFile(dir, ".write-check", ".tmp");
            Files.delete(probe);
        } catch (IOException | UnsupportedOperationException e) {
            throw new StartException("data-dir " + dir + " is not writable: " + e.getMessage(), e);
        }
    }

    private static void closeQuietly(AutoCloseable... all) {
        for (AutoCloseable c : all) {
            if (c != null) {
                try {
                    c.close();
                } catch (Exception ignored) {
                    // already failing; the start error is what the user needs
                }
            }
        }
    }

    /** The bound HTTP port. */
    public int httpPort() {
        return transport.httpPort();
    }

    /** The bound QUIC port (or -1). */
    public int quicPort() {
        return transport.quicPort();
    }

    /** SHA-256 of the QUIC certificate (hex). */
    public String certificateSha256() {
        return transport.certificateSha256();
    }

    /** Whether the browser playground was built into this distribution. */
    public boolean playgroundAvailable() {
        return playgroundAvailable;
    }

    /** The default room's metrics (every room's, labelled, are on {@code /metrics}). */
    public TickMetrics metrics() {
        return rooms.defaultRoomHandle().metrics();
    }

    /** The default room's world (read it only while its loop is stopped, or for thread-safe summaries). */
    public WorldState world() {
        return rooms.defaultRoomHandle().world();
    }

    /** The rooms of this process. */
    public RoomManager rooms() {
        return rooms;
    }

    /** This node's id in the cluster. */
    public String nodeId() {
        return cluster.nodeId();
    }

    /** The start-up banner: where to connect and how the server is set up. */
    public String banner() {
        String host = config.bind().equals("0.0.0.0") ? "localhost" : config.bind();
        StringBuilder b = new StringBuilder();
        b.append("Aetheris is running").append(config.dev() ? " in DEV mode (dev login grants admin)" : "").append('\n');
        b.append("  playground  http://").append(host).append(':').append(httpPort()).append('/')
                .append(playgroundAvailable ? "" : "  (unavailable: built without npm)").append('\n');
        b.append("  websocket   ws://").append(host).append(':').append(httpPort()).append("/ws\n");
        b.append("  quic        udp ").append(host).append(':').append(quicPort()).append('\n');
        b.append("  webtransport https://").append(host).append(':').append(quicPort())
                .append(NettyGameTransport.WT_PATH).append('\n');
        b.append("  metrics     http://").append(host).append(':').append(httpPort()).append("/metrics\n");
        b.append("  data dir    ").append(config.dataDir().toAbsolutePath()).append('\n');
        b.append("  tick rate   ").append(config.tickRate()).append(" Hz, world ").append(config.world()).append('\n');
        b.append("  cert sha256 ").append(certificateSha256()).append('\n');
        b.append("  node        ").append(nodeId()).append(", up to ").append(config.cluster().maxRooms())
                .append(" rooms of ").append(config.cluster().roomCapacity()).append(" players");
        if (!config.dev() && config.smtpUrl() == null) {
            b.append("\n  login       email login is OFF: no --smtp-url given (for local play use --dev)");
        }
        return b.toString();
    }

    /**
     * Stops the default room's loop after its current tick; connections stay open (nothing more
     * is sent). Used by tests that compare clients' mirrors with a world at rest.
     *
     * @return whether the loop stopped within 2 s
     */
    public boolean stopTicking() throws InterruptedException {
        return rooms.defaultRoomHandle().loop().stopAndWait(Duration.ofSeconds(2));
    }

    /**
     * Stops taking players (matchmaking answers 503, {@code /readyz} 503, no new rooms, the
     * directory marks the node draining) and lets the rooms play on for up to {@code grace}, or
     * until every player left. Blocks; call {@link #close} after.
     */
    public void drain(Duration grace) throws InterruptedException {
        // The directory first: once this node refuses seats itself, no other node seats players here either.
        cluster.drain();
        draining.set(true);
        rooms.drain();
        long deadline = System.nanoTime() + grace.toNanos();
        while (System.nanoTime() < deadline && rooms.players() > 0) {
            Thread.sleep(100);
        }
        LOG.info("Drain over: {} player(s) left in {} room(s)", rooms.players(), rooms.rooms().size());
    }

    /** Stops every room loop (finishing its tick), leaves the cluster, closes connections, flushes auth. */
    @Override
    public void close() {
        try {
            rooms.stopAll();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        timer.shutdownNow();
        cluster.close();
        transport.close();
        auth.close();
    }

    /** A start failure with a message for the operator. */
    public static final class StartException extends Exception {
        /** @param message what went wrong, naming the setting @param cause the underlying error */
        public StartException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
