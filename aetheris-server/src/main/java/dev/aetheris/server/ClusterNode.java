package dev.aetheris.server;

import dev.aetheris.fleet.AgonesLifecycle;
import dev.aetheris.fleet.AgonesSdk;
import dev.aetheris.fleet.ClusterDirectory;
import dev.aetheris.fleet.FleetConfig;
import dev.aetheris.fleet.FleetHttpApi;
import dev.aetheris.fleet.FleetNode;
import dev.aetheris.fleet.Matchmaker;
import dev.aetheris.fleet.SeatGate;
import dev.aetheris.fleet.SeatTokens;
import dev.aetheris.protocol.http.HttpHandler;
import dev.aetheris.protocol.http.HttpResponse;
import dev.aetheris.protocol.seam.SessionVerifier;
import dev.aetheris.server.room.RoomManager;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.InstantSource;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * This process as a node of the cluster: the directory on the shared database, the seat gate,
 * the heartbeat, the matchmaking API and, when its sidecar is there, Agones. The HTTP handlers
 * exist before the transport starts (the routes are given to it) and answer 503 until
 * {@link #join} ran.
 */
final class ClusterNode implements AutoCloseable {
    private final ClusterConfig config;
    private final ClusterDirectory directory;
    private final SeatGate seats;
    private final SeatTokens tokens;
    private final String nodeId;
    private final Optional<AgonesSdk> agonesSdk;
    private volatile FleetHttpApi api;
    private FleetNode node;
    private AgonesLifecycle agones;

    private ClusterNode(ClusterConfig config, ClusterDirectory directory, SeatTokens tokens, String nodeId,
                        Optional<AgonesSdk> agonesSdk) {
        this.config = config;
        this.directory = directory;
        this.tokens = tokens;
        this.nodeId = nodeId;
        this.agonesSdk = agonesSdk;
        this.seats = new SeatGate(tokens, nodeId, InstantSource.system());
    }

    /**
     * Opens the directory (the session database's URL, or {@code fleet.db} in the data dir).
     *
     * @throws IllegalArgumentException for a bad setting (node id, Agones port)
     * @throws dev.aetheris.fleet.FleetStoreException if the database is unreachable
     */
    static ClusterNode open(ServerConfig server, Path dataDir, Map<String, String> env) {
        ClusterConfig c = server.cluster();
        String id = c.nodeId() != null ? c.nodeId() : generatedId();
        String url = server.jdbcUrl() != null ? server.jdbcUrl() : "jdbc:sqlite:" + dataDir.resolve("fleet.db");
        Optional<AgonesSdk> sdk = AgonesSdk.fromEnvironment(env);
        // Checked before the database is touched, so a bad id fails fast.
        FleetConfig.of(id, "ws://x/ws", "", c.maxRooms(), c.roomCapacity());
        ClusterDirectory d = ClusterDirectory.open(url);
        try {
            return new ClusterNode(c, d, new SeatTokens(d.secret()), id, sdk);
        } catch (RuntimeException e) {
            d.close();
            throw e;
        }
    }

    private static String generatedId() {
        byte[] b = new byte[4];
        new SecureRandom().nextBytes(b);
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName().replaceAll("[^A-Za-z0-9._-]", "-");
        } catch (UnknownHostException e) {
            host = "node";
        }
        return (host.length() > 30 ? host.substring(0, 30) : host) + "-" + HexFormat.of().formatHex(b);
    }

    String nodeId() {
        return nodeId;
    }

    SeatGate seats() {
        return seats;
    }

    /** The first seat granted on this node allocates it in Agones; cheap and non-blocking. */
    void seatGranted() {
        AgonesLifecycle a = agones;
        if (a != null) {
            a.seatGranted();
        }
    }

    /**
     * Registers the node with its public addresses, starts its heartbeat and opens matchmaking.
     *
     * @param bind     the bind address (the default public host unless it is every interface)
     * @param quicPort -1 when QUIC is off
     */
    void join(String bind, int httpPort, int quicPort, RoomManager rooms, SessionVerifier sessions, Set<String> kinds) {
        String host = config.publicHost() != null ? config.publicHost() : publicHostFor(bind);
        FleetConfig fc = FleetConfig.of(nodeId, "ws://" + host + ":" + httpPort + "/ws",
                quicPort < 0 ? "" : host + ":" + quicPort, config.maxRooms(), config.roomCapacity());
        node = new FleetNode(directory, seats, fc, rooms, InstantSource.system());
        node.start();
        Matchmaker mm = new Matchmaker(directory, tokens, fc, kinds, rooms::draining, InstantSource.system());
        api = new FleetHttpApi(sessions, mm, directory, fc, InstantSource.system());
        agonesSdk.ifPresent(sdk -> {
            agones = new AgonesLifecycle(sdk, () -> rooms.rooms().size(), rooms::players);
            agones.start();
        });
    }

    private static String publicHostFor(String bind) {
        if (!bind.equals("0.0.0.0") && !bind.equals("::")) {
            return bind;
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }

    HttpHandler matchmakeHandler() {
        return req -> {
            FleetHttpApi a = api;
            return a == null ? notYet() : a.matchmakeHandler().handle(req);
        };
    }

    HttpHandler roomsHandler() {
        return req -> {
            FleetHttpApi a = api;
            return a == null ? notYet() : a.roomsHandler().handle(req);
        };
    }

    private static HttpResponse notYet() {
        return HttpResponse.json(503, "{\"error\":\"starting\",\"message\":\"the node is still starting\"}")
                .withHeader("Retry-After", "1");
    }

    /** Marks the node draining in the directory before returning (no node seats players here after). */
    void drain() {
        if (node != null) {
            node.drain();
        }
    }

    /** Leaves the cluster (its rooms vanish from the directory), then tells Agones the node is done. */
    @Override
    public void close() {
        if (node != null) {
            node.close();
        }
        directory.close();
        if (agones != null) {
            agones.close();
        }
    }
}
