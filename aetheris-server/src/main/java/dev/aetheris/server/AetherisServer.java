package dev.aetheris.server;

import dev.aetheris.auth.AuthConfig;
import dev.aetheris.auth.AuthHttpApi;
import dev.aetheris.auth.AuthService;
import dev.aetheris.codec.MsgpackCodec;
import dev.aetheris.protocol.MonotonicClock;
import dev.aetheris.protocol.http.HttpHandler;
import dev.aetheris.protocol.http.HttpResponse;
import dev.aetheris.protocol.seam.WorldState;
import dev.aetheris.protocol.util.PrivateFiles;
import dev.aetheris.server.http.HealthHandler;
import dev.aetheris.server.http.MetricsHandler;
import dev.aetheris.server.http.StaticSiteHandler;
import dev.aetheris.server.http.StatsHandler;
import dev.aetheris.server.metrics.MetricsSource;
import dev.aetheris.server.metrics.PrometheusText;
import dev.aetheris.server.metrics.TickMetrics;
import dev.aetheris.server.tick.AuthVerifier;
import dev.aetheris.server.tick.Sleeper;
import dev.aetheris.server.tick.TickConfig;
import dev.aetheris.server.tick.TickScheduler;
import dev.aetheris.transport.CertificateHashHandler;
import dev.aetheris.transport.NettyGameTransport;
import dev.aetheris.transport.TlsMaterial;
import dev.aetheris.transport.TransportConfig;
import dev.aetheris.transport.TransportLimits;
import dev.aetheris.transport.TransportStartException;
import dev.aetheris.world.PlaygroundWorld;
import dev.aetheris.world.WorldConfig;
import dev.aetheris.world.s1.S1World;
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
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The whole server: auth, world, codec, transports and the room loop, wired together on one HTTP
 * port and one UDP port. {@link #start} brings everything up or fails with a message naming the
 * problem; {@link #close} stops it in order (room loop, connections, auth) within a few seconds.
 */
public final class AetherisServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AetherisServer.class);
    /** Where the playground page lives on the class path. */
    public static final String PLAYGROUND_SITE = "dev/aetheris/playground/site";

    private final ServerConfig config;
    private final AuthService auth;
    private final NettyGameTransport transport;
    private final TickScheduler tick;
    private final TickMetrics metrics;
    private final ScheduledExecutorService timer;
    private final boolean playgroundAvailable;
    private final WorldState world;
    private final AuthVerifier verifier;

    private AetherisServer(ServerConfig config, AuthService auth, NettyGameTransport transport, TickScheduler tick,
                           TickMetrics metrics, ScheduledExecutorService timer, boolean playgroundAvailable,
                           WorldState world, AuthVerifier verifier) {
        this.verifier = verifier;
        this.config = config;
        this.auth = auth;
        this.transport = transport;
        this.tick = tick;
        this.metrics = metrics;
        this.timer = timer;
        this.playgroundAvailable = playgroundAvailable;
        this.world = world;
    }

    /**
     * Starts the server.
     *
     * @param version reported in the manifest
     * @throws StartException with a user-facing message (bad setting, port in use, unwritable data dir)
     */
    public static AetherisServer start(ServerConfig config, String version) throws StartException {
        Path dataDir = config.dataDir().toAbsolutePath();
        requireWritable(dataDir);
        TickConfig tickConfig;
        AuthService auth = null;
        try {
            tickConfig = TickConfig.of(config.tickRate(), version).withMaxClients(config.maxClients())
                    .withReplication(config.interestRadius(), config.clientBudget());
            if (config.stateRate() > 0) {
                tickConfig = tickConfig.withStateRate(config.stateRate());
            }
            WorldState world = createWorld(config);
            AuthConfig authConfig = AuthConfig.of(dataDir, config.dev(), config.smtpUrl())
                    .withAdminEmails(config.adminEmails()).withJdbcUrl(config.jdbcUrl());
            auth = AuthService.builder(authConfig).build();

            TickMetrics metrics = new TickMetrics();
            StatsHandler stats = new StatsHandler(metrics, config.tickRate());
            AtomicReference<TickScheduler> tickRef = new AtomicReference<>();
            AtomicReference<NettyGameTransport> transportRef = new AtomicReference<>();
            HealthHandler health = new HealthHandler(() -> {
                TickScheduler t = tickRef.get();
                return t != null && t.tickedWithin(Duration.ofSeconds(1).toNanos());
            });
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
            Map<String, HttpHandler> routes = new LinkedHashMap<>();
            routes.put(AuthHttpApi.PREFIX, AuthHttpApi.create(auth));
            routes.put("/metrics", new MetricsHandler(List.of(metrics, transportMetrics, authMetrics)));
            routes.put("/healthz", health);
            routes.put("/readyz", health);
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
            NettyGameTransport transport = NettyGameTransport.start(tc, tls, routes);
            transportRef.set(transport);

            // Signatures are checked on the verifier's thread: a flood of forged Auths cannot stall the tick.
            AuthVerifier verifier = AuthVerifier.background(auth, AuthVerifier.DEFAULT_CAPACITY);
            TickScheduler tick = new TickScheduler(tickConfig, transport, world, new MsgpackCodec(), auth, verifier,
                    MonotonicClock.system(), Sleeper.parking(), metrics);
            tickRef.set(tick);
            tick.start("room-loop");
            ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
                    Thread.ofPlatform().name("stats-sampler").daemon().factory());
            timer.scheduleAtFixedRate(stats::sample, 1, 1, TimeUnit.SECONDS);
            return new AetherisServer(config, auth, transport, tick, metrics, timer, site.available(), world,
                    verifier);
        } catch (IllegalArgumentException e) {
            closeQuietly(auth);
            throw new StartException(e.getMessage(), e);
        } catch (TransportStartException e) {
            closeQuietly(auth);
            throw new StartException(e.getMessage(), e);
        } catch (RuntimeException e) {
            closeQuietly(auth);
            throw new StartException("could not start: " + e, e);
        }
    }

    private static WorldState createWorld(ServerConfig config) {
        WorldConfig wc = WorldConfig.defaults(config.seed()).withMaxEntities(config.maxEntities())
                .withTickRate(config.tickRate()).withWorldSize(config.worldSize());
        return switch (config.world()) {
            case "playground" -> new PlaygroundWorld(wc);
            case "s1" -> {
                if (config.tickRate() != 60) {
                    throw new IllegalArgumentException("world s1 is defined at 60 Hz; use --tick-rate 60 (and --state-rate 60 or 20)");
                }
                yield new S1World(config.maxEntities());
            }
            default -> throw new IllegalArgumentException("world '" + config.world() + "' is not available in this build");
        };
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

    private static void closeQuietly(AutoCloseable c) {
        if (c != null) {
            try {
                c.close();
            } catch (Exception ignored) {
                // already failing; the start error is what the user needs
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

    /** The room loop's metrics. */
    public TickMetrics metrics() {
        return metrics;
    }

    /** The world (read it only while the room loop is stopped, or for thread-safe summaries). */
    public WorldState world() {
        return world;
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
        b.append("  cert sha256 ").append(certificateSha256());
        if (!config.dev() && config.smtpUrl() == null) {
            b.append("\n  login       email login is OFF: no --smtp-url given (for local play use --dev)");
        }
        return b.toString();
    }

    /**
     * Stops the room loop after its current tick; connections stay open (nothing more is sent).
     * Used by shutdown and by tests that compare clients' mirrors with a world at rest.
     *
     * @return whether the loop stopped within 2 s
     */
    public boolean stopTicking() throws InterruptedException {
        return tick.stopAndWait(Duration.ofSeconds(2));
    }

    /** Stops the room loop (finishing its tick), closes every connection, flushes auth state. */
    @Override
    public void close() {
        try {
            if (!stopTicking()) {
                LOG.warn("Room loop did not stop within 2 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        timer.shutdownNow();
        verifier.close();
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
