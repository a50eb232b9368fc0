package dev.aetheris.server.tick;

import dev.aetheris.protocol.MonotonicClock;
import dev.aetheris.protocol.ProtocolVersion;
import dev.aetheris.protocol.error.WorldException;
import dev.aetheris.protocol.event.GameEvent;
import dev.aetheris.protocol.event.WireEvent;
import dev.aetheris.protocol.seam.WorldState;
import dev.aetheris.server.metrics.TickMetrics;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Carries out the commands of authenticated clients: Ping, JoinRoom, StartSession, RequestSystemManifest and
 * the privileged StressTest, Spawn and ClearWorld (admin role only; others are counted as
 * unprivileged). Room-loop thread only.
 */
final class CommandHandler {
    private static final Logger LOG = LoggerFactory.getLogger(CommandHandler.class);

    private final TickConfig config;
    private final WorldState world;
    private final ClientRegistry clients;
    private final Replies replies;
    private final MonotonicClock clock;
    private final TickMetrics metrics;
    private final RoomGate gate;

    CommandHandler(TickConfig config, WorldState world, ClientRegistry clients, Replies replies,
                   MonotonicClock clock, TickMetrics metrics, RoomGate gate) {
        this.gate = gate;
        this.config = config;
        this.world = world;
        this.clients = clients;
        this.replies = replies;
        this.clock = clock;
        this.metrics = metrics;
    }

    /** Handles one decoded event from authenticated client {@code c}. */
    void onEvent(ClientState c, WireEvent event) {
        switch (event) {
            case WireEvent.Ping ping -> {
                replies.pong(c.id, ping.tick());
                metrics.pingsReceived.inc();
            }
            case WireEvent.StressTest stress -> {
                if (privileged(c)) {
                    int count = Math.min(stress.count(), config.stressTestCap());
                    int spawned = world.stressTest(count, stress.rotate());
                    LOG.info("StressTest by {}: requested {}, spawned {}", c.session.playerId(), stress.count(), spawned);
                }
            }
            case WireEvent.Spawn spawn -> {
                if (privileged(c)) {
                    spawn(c, spawn);
                }
            }
            case WireEvent.ClearWorld ignored -> {
                if (privileged(c)) {
                    world.clearWorld();
                    clients.clearOwnership();
                    replies.clearAck(c.id);
                    LOG.info("ClearWorld by {}", c.session.playerId());
                }
            }
            case WireEvent.StartSession ignored -> startSession(c);
            case WireEvent.JoinRoom join -> joinRoom(c, join.reservation());
            case WireEvent.RequestSystemManifest ignored -> world.queueReliableEvent(c.id, manifest(c));
            case WireEvent.Auth ignored -> {
                // re-authentication on an authenticated connection is ignored, as upstream
            }
            case WireEvent.Fragment ignored -> {
                // reassembled by the apply stage before anything reaches this handler
            }
            case WireEvent.ReplicationBatch ignored -> {
                // inputs: applied by the InputApplier before decoding
            }
            case WireEvent.Pong ignored -> {
                // clients have no business sending these; ignore
            }
            case WireEvent.GameEvent ignored -> {
                // server-to-client only
            }
            case WireEvent.EntitySpawned ignored -> {
                // server-to-client only
            }
            case WireEvent.EntityDespawned ignored -> {
                // server-to-client only
            }
        }
    }

    private boolean privileged(ClientState c) {
        if (c.session.isAdmin()) {
            return true;
        }
        metrics.unprivilegedPackets.inc();
        return false;
    }

    private void spawn(ClientState c, WireEvent.Spawn spawn) {
        try {
            c.own(world.spawnKind(spawn.entityType(), spawn.x(), spawn.y(), spawn.rot(), c.id));
        } catch (WorldException e) {
            metrics.rejectedCommands.inc();
            LOG.debug("Spawn refused for {}: {}", c.session.playerId(), e.getMessage());
        }
    }

    /** A refused seat closes the connection: the client asked for a room it cannot have. */
    private void joinRoom(ClientState c, String reservation) {
        String refusal = gate.claim(reservation, c.session);
        if (refusal == null) {
            c.seated = true;
        } else {
            LOG.debug("JoinRoom refused for {}: {}", c.session.playerId(), refusal);
            clients.refuse(c, "seat reservation refused: " + refusal);
        }
    }

    private void startSession(ClientState c) {
        if (c.ship != 0 && world.isAlive(c.ship)) {
            LOG.debug("StartSession ignored: client {} already has ship {}", Long.toUnsignedString(c.id), c.ship);
            return;
        }
        try {
            long ship = world.spawnSessionShip(config.sessionShipKind(), 0f, 0f, 0f, c.id);
            c.ship = ship;
            c.own(ship);
            world.queueReliableEvent(c.id, new GameEvent.Possession(ship));
            if (c.authNanos != 0) {
                metrics.sessionStartLatency.record((clock.nanoTime() - c.authNanos) / 1e9);
                c.authNanos = 0;
            }
        } catch (WorldException e) {
            metrics.rejectedCommands.inc();
            LOG.warn("StartSession refused for {}: {}", c.session.playerId(), e.getMessage());
        }
    }

    private GameEvent.SystemManifest manifest(ClientState c) {
        TreeMap<String, String> m = new TreeMap<>();
        m.put("version_server", config.serverVersion());
        m.put("version_protocol", ProtocolVersion.WIRE_BASELINE);
        // What bounds this client's view, so a client can draw it: world units and bytes per second.
        m.put("interest_radius", Float.toString(config.interestRadius()));
        m.put("client_budget", Integer.toString(config.clientBudget()));
        if (c.session.isAdmin()) {
            m.put("tick_rate", Integer.toString(config.tickRate()));
            m.put("clients_active", Integer.toString(clients.authenticatedCount()));
        }
        return new GameEvent.SystemManifest(m);
    }
}
