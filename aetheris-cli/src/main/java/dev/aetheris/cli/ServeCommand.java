package dev.aetheris.cli;

import dev.aetheris.server.AetherisServer;
import dev.aetheris.server.ClusterConfig;
import dev.aetheris.server.ServerConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Runs the game server until SIGTERM/SIGINT, then drains it and exits 0. */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = {"Run the game server.",
            "Tick loop, playground world, auth, WebSocket and QUIC transports, the browser playground",
            "and metrics. Every option can also be set as an environment",
            "variable AETHERIS_<OPTION> (e.g. AETHERIS_HTTP_PORT) or as <option>=value in --config FILE;",
            "flags win."})
final class ServeCommand implements Callable<Integer> {

    @Option(names = "--dev", description = "Development mode: dev login (grants admin), codes in the log, "
            + "self-signed certificate, relaxed per-IP limits.")
    boolean dev;

    @Option(names = "--http-port", defaultValue = "8080", description = "HTTP + WebSocket port (default: ${DEFAULT-VALUE}).")
    int httpPort;

    @Option(names = "--quic-port", defaultValue = "4433", description = "QUIC UDP port, -1 to disable (default: ${DEFAULT-VALUE}).")
    int quicPort;

    @Option(names = "--bind", defaultValue = "0.0.0.0", description = "Address to listen on (default: ${DEFAULT-VALUE}).")
    String bind;

    @Option(names = "--data-dir", defaultValue = "data", description = "Keys, certificate and session database (default: ./${DEFAULT-VALUE}).")
    Path dataDir;

    @Option(names = "--tick-rate", defaultValue = "60", description = "Simulation ticks per second (default: ${DEFAULT-VALUE}).")
    int tickRate;

    @Option(names = "--state-rate", defaultValue = "0",
            description = "State sends per second to each client; must divide the tick rate (default: half the"
                    + " tick rate when it is even and at least 40, so 30 at 60 Hz; else every tick).")
    int stateRate;

    @Option(names = "--max-entities", defaultValue = "10000", description = "World-wide entity cap (default: ${DEFAULT-VALUE}).")
    int maxEntities;

    @Option(names = "--max-clients", defaultValue = "1000", description = "Connection cap (default: ${DEFAULT-VALUE}).")
    int maxClients;

    @Option(names = "--world", defaultValue = "playground", description = "World preset: playground or s1 (default: ${DEFAULT-VALUE}).")
    String world;

    @Option(names = "--world-size", defaultValue = "4000",
            description = "Edge of the playground's square world in units, centred on the origin "
                    + "(default: ${DEFAULT-VALUE}).")
    float worldSize;

    @Option(names = "--seed", defaultValue = "1", description = "World RNG seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--jdbc-url", description = "Session store, e.g. jdbc:postgresql://host/db (default: SQLite in the data dir).")
    String jdbcUrl;

    @Option(names = "--smtp-url", description = "Mail for login codes: smtp://user:pass@host:port?from=addr (required without --dev).")
    String smtpUrl;

    @Option(names = "--admin-emails", split = ",", description = "Emails granted the admin role (comma-separated).")
    Set<String> adminEmails = Set.of();

    @Option(names = "--tls-cert", description = "QUIC certificate chain (PEM); default: a generated dev certificate.")
    Path certFile;

    @Option(names = "--tls-key", description = "Private key for --tls-cert (PEM).")
    Path keyFile;

    @Option(names = "--interest-radius", defaultValue = "300",
            description = "World units around a client's ship within which it sees entities (default: ${DEFAULT-VALUE}).")
    float interestRadius;

    @Option(names = "--client-budget", defaultValue = "49152",
            description = "Bytes per second each client may be sent (default: ${DEFAULT-VALUE}, 48 KiB/s).")
    int clientBudget;

    @Option(names = "--config", description = "Optional properties file with option=value lines.")
    Path configFile;

    @Option(names = "--node-id", description = "This node's id in the cluster (default: host name + random suffix).")
    String nodeId;

    @Option(names = "--public-host", description = "Host name matchmaking sends clients to (default: the bind address,"
            + " or this machine's name when binding every interface).")
    String publicHost;

    @Option(names = "--room-capacity", defaultValue = "1000", description = "Players per room (default: ${DEFAULT-VALUE}).")
    int roomCapacity;

    @Option(names = "--max-rooms", defaultValue = "16", description = "Rooms per process, the default room included "
            + "(default: ${DEFAULT-VALUE}).")
    int maxRooms;

    @Option(names = "--drain-grace", defaultValue = "0s", converter = BotsCommand.DurationConverter.class,
            description = "After SIGTERM, how long rooms play on without new players before the server stops "
                    + "(default: ${DEFAULT-VALUE}, stop at once; shorter if every player left).")
    Duration drainGrace;

    @Option(names = "--empty-room-grace", defaultValue = "30s", converter = BotsCommand.DurationConverter.class,
            description = "A room without players for this long is disposed (default: ${DEFAULT-VALUE}).")
    Duration emptyRoomGrace;

    @Override
    public Integer call() {
        ServerConfig config;
        AetherisServer server;
        try {
            config = new ServerConfig(dev, bind, httpPort, quicPort, dataDir, tickRate, stateRate, maxEntities,
                    maxClients, world, seed, jdbcUrl, smtpUrl, adminEmails, certFile, keyFile, interestRadius,
                    clientBudget, worldSize,
                    new ClusterConfig(nodeId, publicHost, roomCapacity, maxRooms, drainGrace, emptyRoomGrace));
            server = AetherisServer.start(config, AetherisCommand.version());
        } catch (IllegalArgumentException | AetherisServer.StartException e) {
            System.err.println("aetheris serve: " + e.getMessage());
            return 1;
        }
        System.out.println(server.banner());
        System.out.flush();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(Thread.ofPlatform().name("shutdown").unstarted(() -> {
            System.err.println("aetheris: draining (no new players; rooms play on for up to "
                    + drainGrace.toSeconds() + " s)...");
            try {
                server.drain(drainGrace);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            System.err.println("aetheris: stopping (finishing the tick, closing connections)...");
            server.close();
            stopped.countDown();
            System.err.println("aetheris: stopped");
            System.out.flush();
            System.err.flush();
            // A signal-triggered exit would report 128+signal; a clean stop is a success.
            Runtime.getRuntime().halt(0);
        }));
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 0;
    }
}
