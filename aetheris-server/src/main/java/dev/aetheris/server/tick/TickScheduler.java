package dev.aetheris.server.tick;

import dev.aetheris.protocol.MonotonicClock;
import dev.aetheris.protocol.error.TransportException;
import dev.aetheris.protocol.fragment.Reassembler;
import dev.aetheris.protocol.seam.Codec;
import dev.aetheris.protocol.seam.GameTransport;
import dev.aetheris.protocol.seam.SessionVerifier;
import dev.aetheris.protocol.seam.WorldState;
import dev.aetheris.replication.ReplicatedWorld;
import dev.aetheris.server.metrics.TickMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A room's tick: the seed's fixed-timestep {@code tick_step} of five stages — Poll, Apply,
 * Simulate, Extract, Send — each delegating to one unit. A {@link TickLoop} runs it at the tick
 * rate.
 *
 * <p><b>Threading.</b> {@link #tick()} and the accessors marked room-loop thread must be called
 * from one thread (the room loop); the metrics may be read from any thread.
 *
 * <p><b>Allocation.</b> A steady-state tick (clients connected, entities moving, no commands)
 * allocates nothing: inbound bytes land in a reused arena, each changed component is encoded once
 * into a reused arena and packed into per-room datagrams that every recipient in the room shares.
 * Commands, pings, spawns and fragments allocate small values as they decode.
 */
public final class TickScheduler {
    private static final Logger LOG = LoggerFactory.getLogger(TickScheduler.class);
    /** Auths checked on the room loop per tick when no background verifier is given. */
    static final int INLINE_AUTH_BUDGET = 16;

    private final TickConfig config;
    private final GameTransport transport;
    private final WorldState world;
    private final TickMetrics metrics;
    private final StageTimer timer;
    private final Reassembler reassembler;

    private final InboundBuffer inbound = new InboundBuffer();
    private final ClientRegistry clients;
    private final Replies replies;
    private final ApplyStage applyStage;
    private final Outbox changes;
    private final Sender sender;
    private final FanOut fanOut;
    /** Non-null when the world keeps its state in an entity store: the state path through the replication core. */
    private final StoreFanOut storeFanOut;

    private long currentTick;
    private boolean pollFailing;

    /**
     * @param config    tick rate and limits
     * @param transport where clients connect
     * @param world     the simulation
     * @param codec     the wire format
     * @param sessions  token and session checks
     * @param clock     monotonic time (a manual clock in tests)
     * @param metrics   where to record metrics
     */
    public TickScheduler(TickConfig config, GameTransport transport, WorldState world, Codec codec,
                         SessionVerifier sessions, MonotonicClock clock, TickMetrics metrics) {
        this(config, transport, world, codec, sessions, AuthVerifier.onDrain(sessions, INLINE_AUTH_BUDGET), clock,
                metrics);
    }

    /**
     * As the other constructor, with Auth tokens checked by {@code verifier} (a
     * {@link AuthVerifier#background} one keeps signature checks off the room loop); the caller
     * closes it after the loop has stopped.
     */
    public TickScheduler(TickConfig config, GameTransport transport, WorldState world, Codec codec,
                         SessionVerifier sessions, AuthVerifier verifier, MonotonicClock clock, TickMetrics metrics) {
        this(config, transport, world, codec, sessions, verifier, clock, metrics, RoomGate.NONE);
    }

    /**
     * A room's loop: as the other constructors, with the gate that decides on {@code JoinRoom}.
     *
     * @param gate seat reservations for this room
     */
    public TickScheduler(TickConfig config, GameTransport transport, WorldState world, Codec codec,
                         SessionVerifier sessions, AuthVerifier verifier, MonotonicClock clock, TickMetrics metrics,
                         RoomGate gate) {
        this.config = config;
        this.transport = transport;
        this.world = world;
        this.metrics = metrics;
        this.timer = new StageTimer(clock, metrics.stageDuration);
        this.reassembler = new Reassembler(clock, Reassembler.DEFAULT_TIMEOUT, Reassembler.DEFAULT_MAX_PENDING_MESSAGES,
                Reassembler.DEFAULT_MAX_PENDING_BYTES);
        metrics.attach(reassembler);
        this.clients = new ClientRegistry(config, transport, world, codec, sessions, verifier, reassembler, clock,
                metrics, gate);
        this.sender = new Sender(transport, metrics);
        this.replies = new Replies(codec, clock, sender, metrics);
        this.applyStage = new ApplyStage(codec, clients, new InputApplier(codec, world, metrics),
                new CommandHandler(config, world, clients, replies, clock, metrics, gate), reassembler, metrics);
        this.changes = new Outbox(codec, world, metrics.encodeErrors);
        this.fanOut = new FanOut(codec, world, sender, metrics);
        this.storeFanOut = world instanceof ReplicatedWorld rw ? new StoreFanOut(new StoreReplication(rw.store(),
                config.replicationSettings(), config.stateEvery(), codec, transport, sender, metrics, clients::isCompact, clients::snapshotAck,
                clients::ship),
                rw.store(), world, sender,
                new TransportCapacity(transport)) : null;
    }

    /** The tick the next {@link #tick()} will run; the world has advanced exactly this many ticks. */
    public long currentTick() {
        return currentTick;
    }

    /** Connections the loop knows (authenticated or not). Room-loop thread. */
    public int clientCount() {
        return clients.size();
    }

    /** Incomplete inbound fragmented messages held (tests and diagnostics). Room-loop thread. */
    public int pendingFragments() {
        return reassembler.pendingMessages();
    }

    /** Clients with a valid session. Room-loop thread. */
    public int authenticatedCount() {
        return clients.authenticatedCount();
    }

    /** Whether a client negotiated codec v2. Room-loop thread (tests). */
    boolean isCompact(long clientId) {
        return clients.isCompact(clientId);
    }

    /** The latest v2 snapshot ack of a client, 0 if none. Room-loop thread (tests). */
    long snapshotAck(long clientId) {
        return clients.snapshotAck(clientId);
    }

    /** The session ship of a client, or 0. Room-loop thread (tests). */
    public long sessionShip(long clientId) {
        return clients.ship(clientId);
    }

    // ------------------------------------------------------------------ one tick

    /**
     * Runs one tick: the seed's {@code tick_step}. A tick whose poll fails is skipped whole: neither
     * the world nor {@link #currentTick()} advances.
     *
     * @return true if the tick ran, false if it was skipped
     */
    public boolean tick() {
        long tick = currentTick;
        if (!poll(tick)) {
            return false;
        }
        world.advanceTick(); // only once the tick is certain to run, so the world's tick stays ours
        apply(tick);
        simulate();
        extract(tick);
        send(tick);
        finish(tick);
        return true;
    }

    /** Stage 1: the transport's events into {@link #inbound}; false if the tick must be skipped. */
    private boolean poll(long tick) {
        long t = timer.start();
        inbound.clear();
        try {
            transport.poll(inbound);
            if (pollFailing) {
                LOG.info("Transport poll recovered at tick {}", tick);
                pollFailing = false;
            }
        } catch (TransportException e) {
            metrics.ticksSkipped.inc();
            if (!pollFailing) {
                LOG.error("Transport poll failed at tick {}; skipping ticks until it recovers: {}", tick, e.getMessage());
                pollFailing = true;
            }
            return false;
        }
        timer.stop(TickMetrics.POLL, t);
        metrics.packetsInbound.add(inbound.messages());
        return true;
    }

    /**
     * Stage 2: sessions re-checked periodically and whenever one was revoked (so a logout bites
     * within a tick), then connections, Auth, inputs and commands.
     */
    private void apply(long tick) {
        boolean revoked = clients.revocationsChanged();
        if (revoked || tick % config.revalidateEvery() == 0) {
            clients.revalidateAll();
        }
        long t = timer.start();
        applyStage.apply(inbound);
        timer.stop(TickMetrics.APPLY, t);
        replies.send();
    }

    /** Stage 3: one fixed step of the world. */
    private void simulate() {
        long t = timer.start();
        world.simulate();
        timer.stop(TickMetrics.SIMULATE, t);
    }

    /**
     * Stage 4: the world's changes into {@link #changes}. With a state rate below the tick rate,
     * changes accumulate in the world between state ticks and go out together; reliable events
     * never wait.
     */
    private void extract(long tick) {
        long t = timer.start();
        // A store-backed world sends every tick (each client on its own phase of the state rate)
        // and its changes are read from its store at send; any other world's are extracted here.
        boolean extracting = storeFanOut == null && tick % config.stateEvery() == 0;
        changes.reset(tick);
        if (storeFanOut != null || extracting) {
            metrics.stateSends.inc();
        }
        if (extracting) {
            world.extractChanges(changes);
        }
        world.extractReliableEvents(changes);
        if (extracting) {
            world.postExtract();
        }
        timer.stop(TickMetrics.EXTRACT, t);
    }

    /** Stage 5: the fan-out, then clients that could not keep up are dropped and the transport flushed. */
    private void send(long tick) {
        long t = timer.start();
        if (storeFanOut != null) {
            storeFanOut.send(changes, clients);
        } else {
            fanOut.send(tick, changes, clients);
        }
        clients.disconnectOverflowed(sender.overflowed());
        transport.flush();
        timer.stop(TickMetrics.SEND, t);
    }

    /** The seed's Finalize: gauges, then the next tick number. */
    private void finish(long tick) {
        metrics.connectedClients.set(clients.size());
        metrics.authenticatedClients.set(clients.authenticatedCount());
        metrics.worldEntities.set(world.entityCount());
        metrics.ticks.inc();
        currentTick = tick + 1;
    }
}
