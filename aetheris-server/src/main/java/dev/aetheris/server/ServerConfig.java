package dev.aetheris.server;

import dev.aetheris.server.tick.TickConfig;
import dev.aetheris.world.WorldConfig;
import java.nio.file.Path;
import java.util.Set;

/**
 * Everything {@code aetheris serve} can be told. Each field is validated where it is used (the
 * auth, transport, world and tick configs), with messages that name the setting.
 *
 * @param dev             development mode: dev login, codes in the log, generated certificate, relaxed per-IP limits
 * @param bind            address both ports bind to
 * @param httpPort        HTTP + WebSocket port (0 = any free port)
 * @param quicPort        QUIC UDP port (0 = any free port, -1 = off)
 * @param dataDir         keys, certificate, session database
 * @param tickRate        simulation ticks per second
 * @param stateRate       state sends per second to each client (divides the tick rate); 0 = the
 *                        default, {@link #effectiveStateRate()}
 * @param maxEntities     world-wide entity cap
 * @param maxClients      connection cap
 * @param world           kind of the default room: {@code playground}, {@code s1} or a registered kind
 * @param seed            world RNG seed
 * @param jdbcUrl         session store (null = SQLite file in the data dir)
 * @param smtpUrl         mail delivery for login codes (required outside dev mode)
 * @param adminEmails     emails granted the admin role
 * @param certFile        QUIC certificate chain (PEM), or null for a generated dev certificate
 * @param keyFile         its private key (PEM), or null
 * @param interestRadius  world units around a client's ship within which it sees entities
 * @param clientBudget    bytes per second each client may be sent
 * @param worldSize       edge of the playground's square world in units, centred on the origin
 * @param cluster         rooms per process and the cluster (node id, public host, drain)
 */
public record ServerConfig(boolean dev, String bind, int httpPort, int quicPort, Path dataDir, int tickRate,
                           int stateRate, int maxEntities, int maxClients, String world, long seed, String jdbcUrl,
                           String smtpUrl, Set<String> adminEmails, Path certFile, Path keyFile,
                           float interestRadius, int clientBudget, float worldSize, ClusterConfig cluster) {

    /** Copies the email set. */
    public ServerConfig {
        adminEmails = adminEmails == null ? Set.of() : Set.copyOf(adminEmails);
        cluster = cluster == null ? ClusterConfig.defaults() : cluster;
    }

    /** A server with the default interest, budget, world size, rooms and cluster settings. */
    public ServerConfig(boolean dev, String bind, int httpPort, int quicPort, Path dataDir, int tickRate,
                        int stateRate, int maxEntities, int maxClients, String world, long seed, String jdbcUrl,
                        String smtpUrl, Set<String> adminEmails, Path certFile, Path keyFile) {
        this(dev, bind, httpPort, quicPort, dataDir, tickRate, stateRate, maxEntities, maxClients, world, seed, jdbcUrl,
                smtpUrl, adminEmails, certFile, keyFile, TickConfig.DEFAULT_INTEREST_RADIUS,
                TickConfig.DEFAULT_CLIENT_BUDGET, WorldConfig.DEFAULT_WORLD_SIZE, null);
    }

    /** Dev defaults on loopback with ephemeral ports, for tests. */
    public static ServerConfig devLoopback(Path dataDir) {
        return new ServerConfig(true, "127.0.0.1", 0, 0, dataDir, 60, 0, 10_000, 1_000, "playground", 1L, null,
                null, Set.of(), null, null, TickConfig.DEFAULT_INTEREST_RADIUS, TickConfig.DEFAULT_CLIENT_BUDGET,
                WorldConfig.DEFAULT_WORLD_SIZE, null);
    }

    /** A copy with another world preset. */
    public ServerConfig withWorld(String preset) {
        return new ServerConfig(dev, bind, httpPort, quicPort, dataDir, tickRate, stateRate, maxEntities, maxClients,
                preset, seed, jdbcUrl, smtpUrl, adminEmails, certFile, keyFile, interestRadius, clientBudget, worldSize,
                cluster);
    }

    /** A copy with other rooms and cluster settings. */
    public ServerConfig withCluster(ClusterConfig c) {
        return new ServerConfig(dev, bind, httpPort, quicPort, dataDir, tickRate, stateRate, maxEntities, maxClients,
                world, seed, jdbcUrl, smtpUrl, adminEmails, certFile, keyFile, interestRadius, clientBudget, worldSize, c);
    }

    /** A copy with another database for sessions and the cluster directory. */
    public ServerConfig withJdbcUrl(String url) {
        return new ServerConfig(dev, bind, httpPort, quicPort, dataDir, tickRate, stateRate, maxEntities, maxClients,
                world, seed, url, smtpUrl, adminEmails, certFile, keyFile, interestRadius, clientBudget, worldSize,
                cluster);
    }

    /**
     * The state rate rooms use: {@link #stateRate()} if set, else half the tick rate when the tick
     * rate is even and at least 40 (30 sends per second at 60 Hz), else the tick rate. Each
     * client's sends alternate between the ticks of a round (the replication core spreads
     * clients over them), so the tick's cost per client halves while the simulation keeps its
     * rate; 30 state updates a second is what the browser playground interpolates between.
     */
    public int effectiveStateRate() {
        if (stateRate > 0) {
            return stateRate;
        }
        return tickRate >= 40 && tickRate % 2 == 0 ? tickRate / 2 : tickRate;
    }
}
