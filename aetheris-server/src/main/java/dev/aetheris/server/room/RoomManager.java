package dev.aetheris.server.room;

import dev.aetheris.codec.MsgpackCodec;
import dev.aetheris.fleet.LocalRooms;
import dev.aetheris.fleet.Reservation;
import dev.aetheris.fleet.RoomInfo;
import dev.aetheris.fleet.SeatGate;
import dev.aetheris.protocol.MonotonicClock;
import dev.aetheris.protocol.seam.SessionVerifier;
import dev.aetheris.protocol.seam.WorldState;
import dev.aetheris.server.metrics.TickMetrics;
import dev.aetheris.server.tick.AuthVerifier;
import dev.aetheris.server.tick.Sleeper;
import dev.aetheris.server.tick.TickConfig;
import dev.aetheris.server.tick.TickLoop;
import dev.aetheris.server.tick.TickScheduler;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The rooms of this process: the default room, rooms created on the first join of a reservation
 * for them (up to {@code maxRooms}), and their disposal once unused for the grace period. Each
 * room has its own loop thread, codec, world and metrics, so one room's slow tick never delays
 * another; new rooms are built on a thread of their own, so building a world delays no room.
 *
 * <p><b>Threading.</b> {@link #forReservation} and {@link #defaultRoom} run on a room loop holding
 * the mux lock; {@link #reap} on the server's timer; building on the {@code room-builder} thread;
 * the rest on any thread.
 */
public final class RoomManager implements TransportMux.Rooms, LocalRooms {
    private static final Logger LOG = LoggerFactory.getLogger(RoomManager.class);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(2);

    private final RoomKinds kinds;
    private final RoomSettings settings;
    private final TickConfig tickConfig;
    private final TransportMux mux;
    private final SessionVerifier sessions;
    private final SeatGate seats;
    private final MonotonicClock clock;
    private final Runnable seatGranted;
    private final ConcurrentHashMap<String, Room> rooms = new ConcurrentHashMap<>();
    /** Rooms being built: room id → whether the build failed (the next ask learns it and clears it). */
    private final ConcurrentHashMap<String, Boolean> building = new ConcurrentHashMap<>();
    private final ExecutorService builder = Executors.newSingleThreadExecutor(
            Thread.ofPlatform().name("room-builder").daemon().factory());
    private final Room defaultRoom;
    private volatile boolean draining;

    /**
     * Creates the default room (not yet ticking; see {@link #start}).
     *
     * @param seatGranted    told about every seat granted (Agones Allocate); must not block
     * @param defaultRoomId  the default room's id, unique in the cluster
     * @param defaultMetrics the default room's metrics (the server's unlabeled tick metrics)
     * @throws IllegalArgumentException if the default kind's world cannot be made with these settings
     */
    public RoomManager(RoomKinds kinds, RoomSettings settings, TickConfig tickConfig, TransportMux mux,
                       SessionVerifier sessions, SeatGate seats, MonotonicClock clock, Runnable seatGranted,
                       String defaultRoomId, TickMetrics defaultMetrics) {
        this.kinds = kinds;
        this.settings = settings;
        this.tickConfig = tickConfig;
        this.mux = mux;
        this.sessions = sessions;
        this.seats = seats;
        this.clock = clock;
        this.seatGranted = seatGranted;
        this.defaultRoom = create(defaultRoomId, settings.defaultKind(), defaultMetrics, false);
        mux.attach(this);
    }

    /** Starts the default room's loop. */
    public void start() {
        defaultRoom.start();
    }

    /** The default room. */
    public Room defaultRoomHandle() {
        return defaultRoom;
    }

    @Override
    public RoomTransport defaultRoom() {
        return defaultRoom.transport();
    }

    @Override
    public TransportMux.Route forReservation(String reservation) {
        Reservation r = seats.peek(reservation);
        if (r == null) {
            return TransportMux.Route.DEFAULT_ROOM; // the default room refuses and counts it
        }
        Room room = rooms.get(r.roomId());
        if (room != null) {
            return new TransportMux.Route.Ready(room.transport());
        }
        Boolean failed = building.get(r.roomId());
        if (failed != null) {
            if (failed) {
                building.remove(r.roomId());
                return TransportMux.Route.DEFAULT_ROOM; // refused as unavailable by the default room
            }
            return TransportMux.Route.BUILDING;
        }
        if (draining || rooms.size() + building.size() >= settings.maxRooms() || !kinds.has(r.kind())) {
            return TransportMux.Route.DEFAULT_ROOM; // refused as unavailable by the default room
        }
        building.put(r.roomId(), false);
        try {
            builder.execute(() -> build(r.roomId(), r.kind()));
        } catch (java.util.concurrent.RejectedExecutionException e) {
            building.remove(r.roomId()); // stopping
            return TransportMux.Route.DEFAULT_ROOM;
        }
        return TransportMux.Route.BUILDING;
    }

    /** Builds and starts a room off the routing lock; the router finds it on a later poll. Builder thread. */
    private void build(String id, String kind) {
        try {
            Room room = create(id, kind, new TickMetrics(), true);
            room.start();
            building.remove(id); // after create() listed it, so the router always finds one or the other
            LOG.info("Room {} ({}) created for a reservation", id, kind);
        } catch (RuntimeException e) {
            LOG.error("Could not create room {} of kind {}: {}", id, kind, e.getMessage());
            building.put(id, true);
        }
    }

    /** @param matchmade whether players need a seat reservation to play in it (every room but the default) */
    private Room create(String id, String kind, TickMetrics metrics, boolean matchmade) {
        WorldState world = kinds.create(kind, id, settings.seed());
        RoomTransport view = mux.newRoom();
        TickScheduler[] tick = new TickScheduler[1];
        RoomSeats gate = new RoomSeats(seats, id, () -> tick[0].authenticatedCount(), settings.roomCapacity(),
                seatGranted, matchmade);
        // Each room checks Auth signatures on a worker of its own: a flood in one room never delays another.
        AuthVerifier verifier = AuthVerifier.background(sessions, AuthVerifier.DEFAULT_CAPACITY);
        TickConfig config = tickConfig.withMaxClients(settings.roomCapacity());
        tick[0] = new TickScheduler(config, view, world, new MsgpackCodec(), sessions, verifier, clock, metrics, gate);
        Room room = new Room(id, kind, settings.roomCapacity(), world, tick[0],
                new TickLoop(tick[0], config, clock, Sleeper.parking(), metrics), metrics, view, verifier);
        rooms.put(id, room);
        return room;
    }

    /**
     * Disposes rooms (never the default one) that had no connection for the grace period. Call
     * it periodically; returns how many were disposed.
     */
    public int reap() throws InterruptedException {
        long now = clock.nanoTime();
        int n = 0;
        for (Room room : rooms.values()) {
            if (room == defaultRoom) {
                continue;
            }
            if (!room.transport().unused()) {
                room.unusedSince = 0;
                continue;
            }
            if (room.unusedSince == 0) {
                room.unusedSince = now;
            } else if (now - room.unusedSince >= settings.emptyGrace().toNanos()
                    && mux.retireIfUnused(room.transport(), () -> rooms.remove(room.id()))) {
                room.stop(STOP_TIMEOUT);
                LOG.info("Room {} disposed after {} s without players", room.id(), settings.emptyGrace().toSeconds());
                n++;
            }
        }
        return n;
    }

    /** The rooms now, the default one included. */
    public Collection<Room> rooms() {
        return List.copyOf(rooms.values());
    }

    /** The room with this id, or null. */
    public Room room(String id) {
        return rooms.get(id);
    }

    /** Players in every room. */
    public int players() {
        int n = 0;
        for (Room r : rooms.values()) {
            n += r.players();
        }
        return n;
    }

    /** From now on no room is created; rooms play on. Any thread. */
    public void drain() {
        draining = true;
    }

    @Override
    public boolean draining() {
        return draining;
    }

    @Override
    public List<RoomInfo> snapshot() {
        List<RoomInfo> out = new ArrayList<>();
        for (Room r : rooms.values()) {
            out.add(new RoomInfo(r.id(), "", r.kind(), r.players(), r.capacity(), r != defaultRoom));
        }
        return out;
    }

    /** Stops building, then every room's loop (each finishes its tick), and closes their connections. */
    public void stopAll() throws InterruptedException {
        builder.shutdownNow();
        if (!builder.awaitTermination(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
            LOG.warn("A room was still being built after {} s", STOP_TIMEOUT.toSeconds());
        }
        for (Room r : rooms.values()) {
            r.loop().stop();
        }
        for (Room r : rooms.values()) {
            if (!r.stop(STOP_TIMEOUT)) {
                LOG.warn("Room {} did not stop within {} s", r.id(), STOP_TIMEOUT.toSeconds());
            }
            r.transport().disconnectAll("server shutting down");
        }
    }
}
