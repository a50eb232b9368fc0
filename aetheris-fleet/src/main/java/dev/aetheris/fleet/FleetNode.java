package dev.aetheris.fleet;

import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This node's membership: a daemon thread that, every heartbeat period, writes the node and its
 * rooms to the directory, releases the seats of used reservations and drops nodes that fell
 * silent. A failed heartbeat is logged and retried on the next period; the node keeps serving
 * its rooms (the others drop it from matchmaking after the TTL).
 *
 * <p>Thread-safe.
 */
public final class FleetNode implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(FleetNode.class);
    /** A room reserved on this node but never joined is forgotten after this many seat lifetimes. */
    private static final int ORPHAN_SEAT_LIFETIMES = 2;

    private final ClusterDirectory directory;
    private final SeatGate gate;
    private final FleetConfig config;
    private final LocalRooms rooms;
    private final InstantSource clock;
    private final ScheduledExecutorService timer;
    private volatile boolean failing;
    private volatile boolean draining;
    /** Nonces of used seats not yet released in the directory (a failed beat keeps them). */
    private final List<String> unreleased = new ArrayList<>();

    /**
     * @param directory the shared directory
     * @param gate      this node's seat judge (its used nonces release held seats)
     * @param config    this node's identity and timing
     * @param rooms     what it runs
     * @param clock     wall clock
     */
    public FleetNode(ClusterDirectory directory, SeatGate gate, FleetConfig config, LocalRooms rooms,
                     InstantSource clock) {
        this.directory = directory;
        this.gate = gate;
        this.config = config;
        this.rooms = rooms;
        this.clock = clock;
        this.timer = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().name("fleet-heartbeat").daemon().factory());
    }

    /** Writes the first heartbeat now (failing loudly if the database is unreachable), then one every period. */
    public void start() {
        beat();
        timer.scheduleAtFixedRate(this::beatQuietly, config.heartbeatMillis(), config.heartbeatMillis(),
                TimeUnit.MILLISECONDS);
    }

    /**
     * Marks this node draining in the directory now, not at the next period, so that from the
     * moment this returns no node of the cluster seats players here. A failed write is logged;
     * the periodic heartbeat carries the mark too.
     */
    public void drain() {
        draining = true;
        try {
            beat();
        } catch (RuntimeException e) {
            LOG.error("Could not mark the node draining in the directory; retrying with the heartbeat: {}",
                    e.getMessage());
        }
    }

    /** One heartbeat (serialised: the timer and {@link #drain} may call it at once). @throws FleetStoreException if the database failed */
    public synchronized void beat() {
        long now = clock.millis();
        // Used seats first, then the rooms: the player of every seat released here is in the
        // snapshot (LocalRooms#snapshot), so the directory never sees neither the seat nor its
        // player (and seats someone in a full room), nor both for longer than a claim racing this beat.
        for (String n = gate.pollConsumed(); n != null; n = gate.pollConsumed()) {
            unreleased.add(n);
        }
        List<RoomInfo> snapshot = rooms.snapshot();
        int players = 0;
        for (RoomInfo r : snapshot) {
            players += r.players();
        }
        NodeInfo self = new NodeInfo(config.nodeId(), config.wsUrl(), config.quic(), config.maxRooms(),
                config.roomCapacity(), players, draining || rooms.draining(), now);
        // On failure nothing was released: the next beat retries with a fresh snapshot.
        directory.heartbeat(self, snapshot, List.copyOf(unreleased), ORPHAN_SEAT_LIFETIMES * config.seatMillis());
        unreleased.clear();
        int dropped = directory.pruneDead(now, config.ttlMillis());
        if (dropped > 0) {
            LOG.warn("Dropped {} node(s) silent for over {} ms, with their rooms", dropped, config.ttlMillis());
        }
        gate.prune();
    }

    private void beatQuietly() {
        try {
            beat();
            if (failing) {
                LOG.info("Cluster heartbeat recovered");
                failing = false;
            }
        } catch (RuntimeException e) {
            if (!failing) {
                LOG.error("Cluster heartbeat failed; retrying every {} ms: {}", config.heartbeatMillis(), e.getMessage());
                failing = true;
            }
        }
    }

    /** Stops the heartbeat and removes this node and its rooms from the directory. */
    @Override
    public void close() {
        timer.shutdownNow();
        try {
            timer.awaitTermination(2, TimeUnit.SECONDS);
            directory.leave(config.nodeId());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.warn("Could not leave the cluster directory (others drop this node after the TTL): {}", e.getMessage());
        }
    }
}
