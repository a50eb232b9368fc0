package dev.aetheris.server.tick;

import dev.aetheris.codec.compact.CompactFrames;
import dev.aetheris.protocol.MonotonicClock;
import dev.aetheris.protocol.ProtocolVersion;
import dev.aetheris.protocol.Sizes;
import dev.aetheris.protocol.component.Components;
import dev.aetheris.protocol.component.InputCommand;
import dev.aetheris.protocol.error.CodecException;
import dev.aetheris.protocol.error.TransportException;
import dev.aetheris.protocol.error.WorldException;
import dev.aetheris.protocol.event.ComponentUpdate;
import dev.aetheris.protocol.event.FragmentedEvent;
import dev.aetheris.protocol.event.GameEvent;
import dev.aetheris.protocol.event.WireEvent;
import dev.aetheris.protocol.fragment.Fragmenter;
import dev.aetheris.protocol.fragment.Reassembler;
import dev.aetheris.protocol.seam.AuthResult;
import dev.aetheris.protocol.seam.BatchVisitor;
import dev.aetheris.protocol.seam.Codec;
import dev.aetheris.protocol.seam.DisconnectReason;
import dev.aetheris.protocol.seam.GameTransport;
import dev.aetheris.protocol.seam.ReliableEventSink;
import dev.aetheris.protocol.seam.SendResult;
import dev.aetheris.protocol.seam.SessionVerifier;
import dev.aetheris.protocol.seam.WorldState;
import dev.aetheris.protocol.util.LongMap;
import dev.aetheris.server.metrics.TickMetrics;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The room loop: the seed's fixed-timestep tick (pre-stage, Poll, Apply, Simulate, Extract, Send,
 * Finalize) with the deliberate deviations of DESIGN.md §4.
 *
 * <p><b>Threading.</b> {@link #tick()} and {@link #run()} must be called from one thread (the room
 * loop); {@link #stop()} and the metrics may be used from any thread.
 *
 * <p><b>Allocation.</b> A steady-state tick (clients connected, entities moving, no commands)
 * allocates nothing: inbound bytes land in a reused arena, each changed component is encoded once
 * into a reused arena and packed into per-room datagrams that every recipient in the room shares.
 * Commands, pings, spawns and fragments allocate small values as they decode.
 */
public final class TickScheduler {
    private static final Logger LOG = LoggerFactory.getLogger(TickScheduler.class);

    private final TickConfig config;
    private final GameTransport transport;
    private final WorldState world;
    private final Codec codec;
    private final SessionVerifier sessions;
    private final MonotonicClock clock;
    private final TickMetrics metrics;
    private final Sleeper sleeper;
    private final Reassembler reassembler;
    private final Fragmenter fragmenter = new Fragmenter();

    private final LongMap<ClientState> clients = new LongMap<>();
    private int authenticatedCount;
    private long currentTick;

    private final InboundBuffer inbound = new InboundBuffer();
    /** Frame classes: datagram-sized (QUIC) or one large frame per tick (stream transports). */
    static final int DATAGRAM = 0;
    /** @see #DATAGRAM */
    static final int STREAM = 1;
    /** State frame size for stream clients: under the 64 KiB message limit with room to spare. */
    static final int STREAM_FRAME = 60 * 1024;

    private final Outbox outbox;
    private final Outbox fullOutbox;
    private final Packer[] fullPacker;
    private final IntList allFullRecords = new IntList();
    private final IntList noRoomRecords = new IntList();
    private final LongMap<IntList> roomRecords = new LongMap<>();
    private final PackedClass[] noRoomClass;
    @SuppressWarnings("unchecked")
    private final LongMap<PackedClass>[] roomClasses = new LongMap[] {new LongMap<>(), new LongMap<>()};
    private final byte[] scratch;

    private long[] pongClient = new long[64];
    private long[] pongTick = new long[64];
    private long[] pongReceived = new long[64];
    private int pongs;
    private long[] clearAcks = new long[8];
    private int clearAckCount;
    private long[] toDrop = new long[16];
    private int toDropCount;

    private boolean pollFailing;
    private long lastTickStart;
    private volatile long lastTickCompleted;
    private volatile boolean running;
    private volatile Thread loopThread;

    /** Datagrams for everyone who sees the same room, built once per tick. */
    private static final class PackedClass {
        final Packer packer;
        long builtTick = -1;

        PackedClass(Packer packer) {
            this.packer = packer;
        }
    }

    /**
     * @param config    tick rate and limits
     * @param transport where clients connect
     * @param world     the simulation
     * @param codec     the wire format
     * @param sessions  token and session checks
     * @param clock     monotonic time (a manual clock in tests)
     * @param sleeper   how the loop waits for the next deadline
     * @param metrics   where to record metrics
     */
    public TickScheduler(TickConfig config, GameTransport transport, WorldState world, Codec codec,
                         SessionVerifier sessions, MonotonicClock clock, Sleeper sleeper, TickMetrics metrics) {
        this.config = config;
        this.transport = transport;
        this.world = world;
        this.codec = codec;
        this.sessions = sessions;
        this.clock = clock;
        this.sleeper = sleeper;
        this.metrics = metrics;
        this.reassembler = new Reassembler(clock, Reassembler.DEFAULT_TIMEOUT, Reassembler.DEFAULT_MAX_PENDING_MESSAGES,
                Reassembler.DEFAULT_MAX_PENDING_BYTES);
        metrics.attach(reassembler);
        this.outbox = new Outbox(codec, world, metrics.encodeErrors);
        this.fullOutbox = new Outbox(codec, world, metrics.encodeErrors);
        this.fullPacker = new Packer[] {new Packer(codec, frameLimit(DATAGRAM)), new Packer(codec, frameLimit(STREAM))};
        this.noRoomClass = new PackedClass[] {new PackedClass(new Packer(codec, frameLimit(DATAGRAM))),
            new PackedClass(new Packer(codec, frameLimit(STREAM)))};
        this.scratch = new byte[Math.max(codec.maxEncodedSize(), Sizes.MAX_SAFE_PAYLOAD_SIZE) * 2];
    }

    /** The tick the next {@link #tick()} will run. */
    public long currentTick() {
        return currentTick;
    }

    /**
     * Whether the loop completed a tick within {@code maxAgeNanos} of now: the readiness check.
     * Any thread.
     */
    public boolean tickedWithin(long maxAgeNanos) {
        long last = lastTickCompleted;
        return last != 0 && clock.nanoTime() - last <= maxAgeNanos;
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
        return authenticatedCount;
    }

    /** The session ship of a client, or 0. Room-loop thread (tests). */
    public long sessionShip(long clientId) {
        ClientState c = clients.get(clientId);
        return c == null ? 0 : c.ship;
    }

    // ------------------------------------------------------------------ loop

    /**
     * Runs ticks at the configured rate on the calling thread until {@link #stop()}. A tick that
     * starts a whole period late shifts the schedule (the next deadline is one period after its
     * start): no burst of catch-up ticks, and no tick skipped.
     */
    public void run() {
        loopThread = Thread.currentThread();
        running = true;
        long period = config.periodNanos();
        long next = clock.nanoTime();
        while (running) {
            long now = clock.nanoTime();
            if (now < next) {
                sleeper.sleepUntil(clock, next);
                continue;
            }
            long start = now;
            if (lastTickStart != 0 && start > lastTickStart) {
                metrics.actualTickRate.set(1e9 / (start - lastTickStart));
            }
            lastTickStart = start;
            tick();
            metrics.tickDuration.record((clock.nanoTime() - start) / 1e9);
            next = (start - next >= period) ? start + period : next + period;
        }
    }

    /** Asks the loop to finish its current tick and return from {@link #run()}. Any thread. */
    public void stop() {
        running = false;
        Thread t = loopThread;
        if (t != null) {
            LockSupport.unpark(t);
        }
    }

    /** Starts {@link #run()} on a new platform thread named {@code name}. */
    public Thread start(String name) {
        Thread t = Thread.ofPlatform().name(name).unstarted(this::run);
        running = true;
        t.start();
        return t;
    }

    /** Stops the loop and waits up to {@code timeout} for it to return; true if it did. */
    public boolean stopAndWait(Duration timeout) throws InterruptedException {
        Thread t = loopThread;
        stop();
        if (t == null || t == Thread.currentThread()) {
            return true;
        }
        t.join(timeout);
        return !t.isAlive();
    }

    // ------------------------------------------------------------------ one tick

    /** Runs one tick: the seed's {@code tick_step}. */
    public void tick() {
        long tick = currentTick;
        world.advanceTick();

        // Stage 1: Poll
        long t1 = clock.nanoTime();
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
            return;
        }
        metrics.stageDuration[TickMetrics.POLL].record((clock.nanoTime() - t1) / 1e9);
        metrics.packetsInbound.add(inbound.messages());

        if (tick % config.revalidateEvery() == 0) {
            revalidateSessions();
        }

        // Stage 2: Apply
        long t2 = clock.nanoTime();
        pongs = 0;
        clearAckCount = 0;
        for (int i = 0; i < inbound.size; i++) {
            long id = inbound.client[i];
            switch (inbound.type[i]) {
                case InboundBuffer.CONNECTED -> onConnected(id);
                case InboundBuffer.DISCONNECTED -> onDisconnected(id, inbound.reason(i));
                case InboundBuffer.MESSAGE -> onMessage(id, inbound.arena, inbound.offset[i], inbound.length[i], false);
                default -> throw new IllegalStateException("unknown inbound type " + inbound.type[i]);
            }
        }
        reassembler.prune();
        metrics.stageDuration[TickMetrics.APPLY].record((clock.nanoTime() - t2) / 1e9);
        sendClearAcks();
        sendPongs();

        // Stage 3: Simulate
        long t3 = clock.nanoTime();
        world.simulate();
        metrics.stageDuration[TickMetrics.SIMULATE].record((clock.nanoTime() - t3) / 1e9);

        // Stage 4: Extract. Between state ticks (state rate below the tick rate) changes accumulate
        // in the world and go out together; reliable events never wait.
        long t4 = clock.nanoTime();
        boolean stateTick = tick % config.stateEvery() == 0;
        outbox.reset(tick);
        if (stateTick) {
            world.extractChanges(outbox);
            metrics.stateSends.inc();
        }
        world.extractReliableEvents(outbox);
        if (stateTick) {
            world.postExtract();
        }
        groupRecordsByRoom();
        metrics.stageDuration[TickMetrics.EXTRACT].record((clock.nanoTime() - t4) / 1e9);

        // Stage 5: Send
        long t5 = clock.nanoTime();
        send(tick);
        metrics.stageDuration[TickMetrics.SEND].record((clock.nanoTime() - t5) / 1e9);

        metrics.connectedClients.set(clients.size());
        metrics.authenticatedClients.set(authenticatedCount);
        metrics.worldEntities.set(world.entityCount());
        metrics.ticks.inc();
        lastTickCompleted = clock.nanoTime();
        // Stage 6: Finalize
        currentTick = tick + 1;
    }

    // ------------------------------------------------------------------ apply

    private void onConnected(long id) {
        if (clients.size() >= config.maxClients()) {
            metrics.refusedConnections.inc();
            transport.disconnect(id, "server full (" + config.maxClients() + " clients)");
            return;
        }
        if (!clients.containsKey(id)) {
            ClientState c = new ClientState(id);
            c.frameClass = transport.maxUnreliableSize(id) >= STREAM_FRAME ? STREAM : DATAGRAM;
            clients.put(id, c);
            LOG.debug("Client {} connected (awaiting auth)", Long.toUnsignedString(id));
        }
    }

    private void onDisconnected(long id, DisconnectReason reason) {
        switch (reason) {
            case SESSION_CLOSED -> metrics.sessionClosedEvents.inc();
            case STREAM_RESET -> metrics.streamResetEvents.inc();
            case CLIENT_DISCONNECTED, DISCONNECTED -> {
                // counted by the connected-clients gauge
            }
        }
        ClientState c = clients.get(id);
        if (c != null) {
            forget(c);
            LOG.debug("Client {} disconnected ({})", Long.toUnsignedString(id), reason);
        }
    }

    private void onMessage(long id, byte[] buf, int off, int len, boolean reassembled) {
        ClientState c = clients.get(id);
        if (c == null) {
            return; // already dropped by the server; the transport will report the close
        }
        if (!c.authenticated()) {
            onUnauthenticatedMessage(c, buf, off, len);
            return;
        }
        // Re-validate on every message: sliding idle window and revocation (in memory, cheap).
        if (!sessions.isActive(c.session)) {
            revoke(c);
            return;
        }
        if (CompactFrames.isCompact(buf, off, len)) {
            onCompactMessage(c, buf, off, len, reassembled);
            return;
        }
        Codec.FrameKind kind = codec.classify(buf, off, len);
        if (kind == Codec.FrameKind.REPLICATION) {
            onReplicationFrame(c, buf, off, len);
            return;
        }
        WireEvent event;
        try {
            // Batched inputs are scanned in place: no object per record on the input path.
            inputSender = c;
            if (codec.visitBatch(buf, off, len, inputBatch)) {
                return;
            }
            event = codec.decodeEvent(buf, off, len);
        } catch (CodecException e) {
            if (kind == Codec.FrameKind.UNKNOWN) {
                onReplicationFrame(c, buf, off, len);
            } else {
                metrics.decodeErrors.inc();
            }
            return;
        }
        onEvent(c, event, reassembled);
    }

    /** A v2 INPUT: record the ack, then handle the v1 message it carries (one level only). */
    private void onCompactMessage(ClientState c, byte[] buf, int off, int len, boolean reassembled) {
        long ack;
        try {
            ack = CompactFrames.inputAck(buf, off, len);
        } catch (CodecException e) {
            metrics.decodeErrors.inc();
            return;
        }
        if (CompactFrames.isCompact(buf, off + CompactFrames.INPUT_HEADER, len - CompactFrames.INPUT_HEADER)) {
            metrics.decodeErrors.inc();
            return;
        }
        // The latest, not the largest: a bogus future ack must not pin it (the encoder keeps the
        // newest valid one and ignores stale ones).
        c.snapshotAck = ack;
        if (len > CompactFrames.INPUT_HEADER) {
            onMessage(c.id, buf, off + CompactFrames.INPUT_HEADER, len - CompactFrames.INPUT_HEADER, reassembled);
        }
    }

    /** The latest v2 ack from {@code clientId} (0 = none, or not a v2 client): for the encoder's {@code SnapshotAcks}. */
    long snapshotAck(long clientId) {
        ClientState c = clients.get(clientId);
        return c == null ? 0 : c.snapshotAck;
    }

    /** Whether {@code clientId} asked for codec v2. */
    boolean isCompact(long clientId) {
        ClientState c = clients.get(clientId);
        return c != null && c.compact;
    }

    private void onUnauthenticatedMessage(ClientState c, byte[] buf, int off, int len) {
        if (CompactFrames.isHello(buf, off, len)) {
            c.compact = true; // a flag on a connection that already exists: nothing else is held
            return;
        }
        WireEvent event;
        try {
            event = codec.decodeEvent(buf, off, len);
        } catch (CodecException e) {
            metrics.unprivilegedPackets.inc();
            return;
        }
        // Only Auth is accepted; fragments are not reassembled for anyone without a session.
        if (!(event instanceof WireEvent.Auth auth)) {
            metrics.unprivilegedPackets.inc();
            return;
        }
        switch (sessions.authenticate(auth.sessionToken())) {
            case AuthResult.Accepted accepted -> {
                c.session = accepted.session();
                c.authNanos = clock.nanoTime();
                c.needsFullState = true;
                authenticatedCount++;
                transport.authenticated(c.id);
                LOG.debug("Client {} authenticated as {}", Long.toUnsignedString(c.id), accepted.session().playerId());
            }
            case AuthResult.Rejected rejected -> {
                metrics.authRejected[rejected.reason().ordinal()].inc();
                LOG.debug("Client {} failed auth: {} ({})", Long.toUnsignedString(c.id), rejected.reason(),
                        rejected.detail());
            }
        }
    }

    private void onEvent(ClientState c, WireEvent event, boolean reassembled) {
        switch (event) {
            case WireEvent.Ping ping -> {
                addPong(c.id, ping.tick());
                metrics.pingsReceived.inc();
            }
            case WireEvent.Auth ignored -> {
                // re-authentication on an authenticated connection is ignored, as upstream
            }
            case WireEvent.Fragment fragment -> {
                if (reassembled) {
                    metrics.decodeErrors.inc(); // fragments inside fragments are not a thing
                    return;
                }
                byte[] message = reassembler.ingest(c.id, fragment.fragment());
                if (message != null) {
                    onMessage(c.id, message, 0, message.length, true);
                }
            }
            case WireEvent.StressTest stress -> {
                if (!c.session.isAdmin()) {
                    metrics.unprivilegedPackets.inc();
                    return;
                }
                int count = Math.min(stress.count(), config.stressTestCap());
                int spawned = world.stressTest(count, stress.rotate());
                LOG.info("StressTest by {}: requested {}, spawned {}", c.session.playerId(), stress.count(), spawned);
            }
            case WireEvent.Spawn spawn -> {
                if (!c.session.isAdmin()) {
                    metrics.unprivilegedPackets.inc();
                    return;
                }
                try {
                    c.own(world.spawnKind(spawn.entityType(), spawn.x(), spawn.y(), spawn.rot(), c.id));
                } catch (WorldException e) {
                    metrics.rejectedCommands.inc();
                    LOG.debug("Spawn refused for {}: {}", c.session.playerId(), e.getMessage());
                }
            }
            case WireEvent.ClearWorld ignored -> {
                if (!c.session.isAdmin()) {
                    metrics.unprivilegedPackets.inc();
                    return;
                }
                world.clearWorld();
                // Everything is gone, so nobody owns anything; anyone may start a new session ship.
                for (int i = 0; i < clients.capacity(); i++) {
                    ClientState other = clients.valueAt(i);
                    if (other != null) {
                        other.clearOwned();
                    }
                }
                addClearAck(c.id);
                LOG.info("ClearWorld by {}", c.session.playerId());
            }
            case WireEvent.StartSession ignored -> startSession(c);
            case WireEvent.RequestSystemManifest ignored -> world.queueReliableEvent(c.id, manifest(c));
            case WireEvent.ReplicationBatch ignored -> {
                // handled by visitBatch before decoding (inputBatch)
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

    private void onReplicationFrame(ClientState c, byte[] buf, int off, int len) {
        ComponentUpdate update;
        try {
            update = codec.decode(buf, off, len);
        } catch (CodecException e) {
            metrics.decodeErrors.inc();
            return;
        }
        applyComponentWrite(c, update.networkId(), update.componentKind(), update.payload(), 0,
                update.payload().length);
    }

    /**
     * Clients may batch several input commands (e.g. the last few, so one lost datagram loses
     * nothing); each record goes through the same check as a single replication frame.
     */
    private ClientState inputSender;
    private final BatchVisitor inputBatch = (networkId, kind, buf, off, len, tick) ->
            applyComponentWrite(inputSender, networkId, kind, buf, off, len);

    /** Clients send inputs only: the InputCommand for their own ship; anything else is refused. */
    private void applyComponentWrite(ClientState c, long networkId, int kind, byte[] buf, int off, int len) {
        if (kind != Components.INPUT_COMMAND.kind()) {
            metrics.rejectedComponentWrites.inc();
            return;
        }
        try {
            InputCommand input = codec.decodeInput(buf, off, len);
            world.applyInput(c.id, networkId, input);
        } catch (CodecException e) {
            metrics.decodeErrors.inc();
        } catch (WorldException e) {
            metrics.rejectedInputs.inc();
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
        if (c.session.isAdmin()) {
            m.put("tick_rate", Integer.toString(config.tickRate()));
            m.put("clients_active", Integer.toString(authenticatedCount));
        }
        return new GameEvent.SystemManifest(m);
    }

    private void revalidateSessions() {
        toDropCount = 0;
        for (int i = 0; i < clients.capacity(); i++) {
            ClientState c = clients.valueAt(i);
            if (c != null && c.authenticated() && !sessions.isActive(c.session)) {
                markDrop(c.id);
            }
        }
        for (int i = 0; i < toDropCount; i++) {
            ClientState c = clients.get(toDrop[i]);
            if (c != null) {
                revoke(c);
            }
        }
        toDropCount = 0;
    }

    /** A session that is no longer valid loses its entities and its connection. */
    private void revoke(ClientState c) {
        metrics.sessionsRevoked.inc();
        metrics.unprivilegedPackets.inc();
        LOG.warn("Session of client {} is no longer valid; dropping it", Long.toUnsignedString(c.id));
        forget(c);
        transport.disconnect(c.id, "session revoked or expired");
    }

    /** Removes a client and everything it owned. */
    private void forget(ClientState c) {
        for (int i = 0; i < c.ownedCount(); i++) {
            world.despawn(c.owned(i));
        }
        c.clearOwned();
        world.removeClient(c.id);
        reassembler.removeSender(c.id);
        if (c.authenticated()) {
            authenticatedCount--;
        }
        clients.remove(c.id);
    }

    // ------------------------------------------------------------------ send

    private void addPong(long clientId, long pingTick) {
        if (pongs == pongClient.length) {
            int n = pongs * 2;
            pongClient = Arrays.copyOf(pongClient, n);
            pongTick = Arrays.copyOf(pongTick, n);
            pongReceived = Arrays.copyOf(pongReceived, n);
        }
        pongClient[pongs] = clientId;
        pongTick[pongs] = pingTick;
        pongReceived[pongs] = clock.nanoTime();
        pongs++;
    }

    private void addClearAck(long clientId) {
        if (clearAckCount == clearAcks.length) {
            clearAcks = Arrays.copyOf(clearAcks, clearAckCount * 2);
        }
        clearAcks[clearAckCount++] = clientId;
    }

    private void markDrop(long clientId) {
        if (toDropCount == toDrop.length) {
            toDrop = Arrays.copyOf(toDrop, toDropCount * 2);
        }
        toDrop[toDropCount++] = clientId;
    }

    /** After the apply stage, so the ack arrives after any stale datagrams already in flight. */
    private void sendClearAcks() {
        if (clearAckCount == 0) {
            return;
        }
        try {
            int n = codec.encodeEvent(new WireEvent.ClearWorld(), scratch, 0);
            for (int i = 0; i < clearAckCount; i++) {
                sendReliable(clearAcks[i], scratch, 0, n);
            }
        } catch (CodecException e) {
            metrics.encodeErrors.inc();
        }
    }

    private void sendPongs() {
        for (int i = 0; i < pongs; i++) {
            long start = clock.nanoTime();
            try {
                int n = codec.encodeEvent(new WireEvent.Pong(pongTick[i]), scratch, 0);
                if (sendUnreliable(pongClient[i], scratch, 0, n)) {
                    long end = clock.nanoTime();
                    metrics.pongDispatchMs.record((end - start) / 1e6);
                    metrics.pingHoldMs.record((end - pongReceived[i]) / 1e6);
                }
            } catch (CodecException e) {
                metrics.encodeErrors.inc();
            }
        }
    }

    private void groupRecordsByRoom() {
        noRoomRecords.clear();
        for (int i = 0; i < roomRecords.capacity(); i++) {
            IntList l = roomRecords.valueAt(i);
            if (l != null) {
                l.clear();
            }
        }
        for (int r = 0; r < outbox.records; r++) {
            long room = outbox.recRoom[r];
            if (room == WorldState.NO_ROOM) {
                noRoomRecords.add(r);
            } else {
                IntList l = roomRecords.get(room);
                if (l == null) {
                    l = new IntList();
                    roomRecords.put(room, l);
                }
                l.add(r);
            }
        }
    }

    private void send(long tick) {
        toDropCount = 0;
        // 5.1 reliable gameplay events, to their target or every authenticated client
        for (int e = 0; e < outbox.events; e++) {
            long target = outbox.eventTarget[e];
            if (target != ReliableEventSink.BROADCAST) {
                ClientState c = clients.get(target);
                if (c != null && c.authenticated()) {
                    sendReliable(target, outbox.eventArena, outbox.eventOffset[e], outbox.eventLength[e]);
                }
            } else {
                for (int i = 0; i < clients.capacity(); i++) {
                    ClientState c = clients.valueAt(i);
                    if (c != null && c.authenticated()) {
                        sendReliable(c.id, outbox.eventArena, outbox.eventOffset[e], outbox.eventLength[e]);
                    }
                }
            }
        }
        // 5.2 state: notices and shared per-room datagrams, or the full view for new arrivals
        for (int i = 0; i < clients.capacity(); i++) {
            ClientState c = clients.valueAt(i);
            if (c == null || !c.authenticated()) {
                continue;
            }
            long room = world.clientRoom(c.id);
            if (room != c.room) {
                c.room = room;
                c.needsFullState = true; // entering a room shows everything already in it
            }
            if (c.needsFullState) {
                c.needsFullState = false;
                sendFullState(c, tick);
                continue;
            }
            for (int n = 0; n < outbox.notices; n++) {
                long nr = outbox.noticeRoom[n];
                if (nr == WorldState.NO_ROOM || nr == room) {
                    sendReliable(c.id, outbox.noticeArena, outbox.noticeOffset[n], outbox.noticeLength[n]);
                }
            }
            PackedClass pc = packedClass(room, c.frameClass, tick);
            if (pc == null) {
                continue;
            }
            Packer p = pc.packer;
            for (int f = 0; f < p.frames; f++) {
                if (sendUnreliable(c.id, p.out, p.frameOffset[f], p.frameLength[f])) {
                    metrics.packetsBroadcast.inc();
                }
            }
            for (int o = 0; o < p.oversize.size; o++) {
                sendFragmented(c, outbox, p.oversize.items[o]);
            }
        }
        for (int i = 0; i < toDropCount; i++) {
            ClientState c = clients.get(toDrop[i]);
            if (c != null) {
                metrics.reliableOverflowDisconnects.inc();
                LOG.warn("Client {} cannot keep up (reliable queue full); disconnecting", Long.toUnsignedString(c.id));
                forget(c);
                transport.disconnect(c.id, "reliable queue overflow");
            }
        }
        toDropCount = 0;
        transport.flush();
    }

    private static int frameLimit(int frameClass) {
        return frameClass == STREAM ? STREAM_FRAME : Sizes.MAX_SAFE_PAYLOAD_SIZE;
    }

    private PackedClass packedClass(long room, int frameClass, long tick) {
        PackedClass pc;
        IntList second = null;
        if (room == WorldState.NO_ROOM) {
            pc = noRoomClass[frameClass];
        } else {
            pc = roomClasses[frameClass].get(room);
            if (pc == null) {
                pc = new PackedClass(new Packer(codec, frameLimit(frameClass)));
                roomClasses[frameClass].put(room, pc);
            }
            second = roomRecords.get(room);
        }
        if (pc.builtTick != tick) {
            pc.builtTick = tick;
            pc.packer.clear();
            try {
                pc.packer.pack(outbox, noRoomRecords, second);
            } catch (CodecException e) {
                metrics.encodeErrors.inc();
                return null;
            }
        }
        return pc;
    }

    /** Late joiners and room entrants get everything they may see, reliably, so nothing is missed. */
    private void sendFullState(ClientState c, long tick) {
        fullOutbox.reset(tick);
        world.writeVisibleState(c.id, fullOutbox);
        for (int n = 0; n < fullOutbox.notices; n++) {
            sendReliable(c.id, fullOutbox.noticeArena, fullOutbox.noticeOffset[n], fullOutbox.noticeLength[n]);
        }
        allFullRecords.clear();
        for (int r = 0; r < fullOutbox.records; r++) {
            allFullRecords.add(r);
        }
        Packer packer = fullPacker[c.frameClass];
        packer.clear();
        try {
            packer.pack(fullOutbox, allFullRecords, null);
        } catch (CodecException e) {
            metrics.encodeErrors.inc();
            return;
        }
        for (int f = 0; f < packer.frames; f++) {
            sendReliable(c.id, packer.out, packer.frameOffset[f], packer.frameLength[f]);
        }
        for (int o = 0; o < packer.oversize.size; o++) {
            int r = packer.oversize.items[o];
            byte[] frame = singleRecordFrame(fullOutbox, r);
            if (frame != null) {
                sendReliable(c.id, frame, 0, frame.length);
            }
        }
    }

    /** Splits a record too large for one datagram into fragments with this recipient's next message id. */
    private void sendFragmented(ClientState c, Outbox box, int record) {
        byte[] frame = singleRecordFrame(box, record);
        if (frame == null) {
            return;
        }
        if (!fragmenter.fits(frame.length)) {
            metrics.encodeErrors.inc();
            return;
        }
        List<FragmentedEvent> parts = fragmenter.split(c.nextFragmentId++, frame, 0, frame.length);
        try {
            for (FragmentedEvent part : parts) {
                int n = codec.encodeEvent(new WireEvent.Fragment(part), scratch, 0);
                if (sendUnreliable(c.id, scratch, 0, n)) {
                    metrics.fragmentsSent.inc();
                }
            }
        } catch (CodecException e) {
            metrics.encodeErrors.inc();
        }
    }

    private byte[] singleRecordFrame(Outbox box, int record) {
        int len = box.recLength[record];
        byte[] frame = new byte[codec.batchHeaderSize(1) + len];
        try {
            int h = codec.writeBatchHeader(1, frame, 0);
            System.arraycopy(box.arena, box.recOffset[record], frame, h, len);
            return frame;
        } catch (CodecException e) {
            metrics.encodeErrors.inc();
            return null;
        }
    }

    private boolean sendUnreliable(long clientId, byte[] data, int off, int len) {
        SendResult r = transport.sendUnreliable(clientId, data, off, len);
        switch (r) {
            case SENT -> {
                metrics.packetsOutbound.inc();
                metrics.bytesOutbound.add(len);
                return true;
            }
            case QUEUE_FULL -> metrics.outboundDropped.inc();
            case TOO_LARGE -> metrics.encodeErrors.inc();
            case NOT_CONNECTED -> {
                // the transport will report the disconnect on its next poll
            }
        }
        return false;
    }

    private void sendReliable(long clientId, byte[] data, int off, int len) {
        SendResult r = transport.sendReliable(clientId, data, off, len);
        switch (r) {
            case SENT -> {
                metrics.packetsOutbound.inc();
                metrics.bytesOutbound.add(len);
            }
            case QUEUE_FULL -> markDrop(clientId);
            case TOO_LARGE -> metrics.encodeErrors.inc();
            case NOT_CONNECTED -> {
                // the transport will report the disconnect on its next poll
            }
        }
    }
}
