package dev.aetheris.server.room;

import dev.aetheris.codec.compact.CompactFrames;
import dev.aetheris.protocol.MonotonicClock;
import dev.aetheris.protocol.error.CodecException;
import dev.aetheris.protocol.error.TransportException;
import dev.aetheris.protocol.event.WireEvent;
import dev.aetheris.protocol.seam.Codec;
import dev.aetheris.protocol.seam.DisconnectReason;
import dev.aetheris.protocol.seam.GameTransport;
import dev.aetheris.protocol.seam.InboundHandler;
import dev.aetheris.protocol.util.LongMap;
import java.util.Arrays;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Shares one transport between many room loops: routes each connection's events to the
 * {@link RoomTransport} of its room and serialises every call into the shared transport (its
 * poll and sends are single-threaded) under one lock.
 *
 * <p><b>Routing.</b> A new connection is held until it says where it goes: its codec v2 HELLO
 * and its {@code Auth} are kept, and the next message (the v1 message behind a v2 INPUT header)
 * decides. A {@code JoinRoom} whose reservation is genuine and for
 * this node goes to that room; anything else, or an {@code Auth} followed by silence for
 * {@link #JOIN_WAIT_NANOS}, goes to the default room, so upstream clients that never send
 * {@code JoinRoom} keep working. A room that does not exist yet is built off the lock (building a
 * world takes milliseconds every room's sends would otherwise wait for): meanwhile the connection
 * stays held with what it sent, up to {@link #MAX_HELD_BYTES}, and is routed on a later poll.
 * The room then judges the {@code Auth} and the reservation itself; the router only picks the room.
 *
 * <p><b>Threading.</b> There is no routing thread: each room loop's poll calls {@link #pump},
 * and whichever loop gets the lock first drains the shared transport for every room; the others
 * do not wait ({@code tryLock}), they find their events on their next tick. Sends take the lock,
 * so one room's slow tick never holds another room's loop for longer than one send.
 */
public final class TransportMux {
    /** How long a connection that sent only {@code Auth} waits for a {@code JoinRoom}. */
    public static final long JOIN_WAIT_NANOS = 250_000_000L;
    /**
     * How long a connection waits for its room to be built before it goes to the default room
     * (which refuses the seat as unavailable): inside the transport's 5 s Auth deadline, so the
     * player hears why.
     */
    public static final long BUILD_WAIT_NANOS = 3_000_000_000L;
    /** Bytes of messages a connection may send while its room is built; more are dropped. */
    public static final int MAX_HELD_BYTES = 4096;

    /** Where routed connections go. Called on a room loop thread holding the mux lock; must not block. */
    public interface Rooms {
        /** The room of connections without a reservation. */
        RoomTransport defaultRoom();

        /**
         * Where a reservation leads: its room if it is genuine, for this node and the room exists;
         * {@link Route#BUILDING} while that room is being created (asked again on later polls);
         * else {@link Route#DEFAULT_ROOM}, whose gate refuses and counts the reservation.
         */
        Route forReservation(String reservation);
    }

    /** Where a {@code JoinRoom} leads. */
    public sealed interface Route {
        /** Not to a room of its own. */
        Route DEFAULT_ROOM = new ToDefault();
        /** Its room is being built. */
        Route BUILDING = new Building();

        /** @param room the ready room */
        record Ready(RoomTransport room) implements Route {
        }

        /** See {@link #DEFAULT_ROOM}. */
        record ToDefault() implements Route {
        }

        /** See {@link #BUILDING}. */
        record Building() implements Route {
        }
    }

    final ReentrantLock lock = new ReentrantLock();
    private final GameTransport net;
    private final Codec codec;
    private final MonotonicClock clock;
    private final int maxClients;
    private volatile long refusedFull;
    private volatile long heldDropped;
    private final LongMap<RoomTransport> routes = new LongMap<>();
    /** The v2 HELLO a pending connection sent, replayed to the room it is routed to. */
    private static final byte[] HELLO = new byte[3];

    static {
        CompactFrames.writeHello(HELLO, 0);
    }

    private final LongMap<Pending> pending = new LongMap<>();
    private final Router router = new Router();
    private Rooms rooms;
    private long[] expired = new long[16];
    private volatile TransportException failure;

    /**
     * @param net   the shared transport
     * @param codec decodes the first messages of a connection (Auth, JoinRoom)
     * @param clock monotonic time
     * @param maxClients connections the process takes, in all rooms; more are closed at once
     */
    public TransportMux(GameTransport net, Codec codec, MonotonicClock clock, int maxClients) {
        this.net = net;
        this.codec = codec;
        this.clock = clock;
        this.maxClients = maxClients;
    }

    /** Connections closed because the process was full. Any thread. */
    public long refusedFull() {
        return refusedFull;
    }

    /** Messages dropped because a connection waiting for its room had sent {@link #MAX_HELD_BYTES} already. Any thread. */
    public long heldDropped() {
        return heldDropped;
    }

    /** Sets where connections go; once, before any room loop polls. */
    public void attach(Rooms r) {
        this.rooms = r;
    }

    /** A new room's view of the transport. */
    public RoomTransport newRoom() {
        return new RoomTransport(this, net);
    }

    /**
     * Marks {@code room} retired if no connection is routed to it, running {@code andThen} under
     * the lock so no connection can be routed to it meanwhile.
     *
     * @return whether it was retired
     */
    public boolean retireIfUnused(RoomTransport room, Runnable andThen) {
        lock.lock();
        try {
            if (room.routed != 0) {
                return false;
            }
            room.retired = true;
            andThen.run();
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** Connections open on the shared transport. Any thread. */
    public int connectedCount() {
        return net.connectedCount();
    }

    /**
     * Drains the shared transport into the rooms' views if no other loop is doing so.
     *
     * @throws TransportException once the shared transport has failed (every room skips its tick)
     */
    void pump() throws TransportException {
        if (lock.tryLock()) {
            try {
                net.poll(router);
                routeWaiting();
                failure = null;
            } catch (TransportException e) {
                failure = e;
            } finally {
                lock.unlock();
            }
        }
        TransportException f = failure;
        if (f != null) {
            throw f;
        }
    }

    /**
     * Connections that sent Auth and nothing else for a while go to the default room; those
     * waiting for their room go to it once it is built (the default room if that fails or takes
     * too long).
     */
    private void routeWaiting() {
        if (pending.isEmpty()) {
            return;
        }
        long now = clock.nanoTime();
        int n = 0;
        for (int i = 0; i < pending.capacity(); i++) {
            Pending p = pending.valueAt(i);
            if (p != null && (p.reservation != null || p.auth != null && now - p.since >= JOIN_WAIT_NANOS)) {
                if (n == expired.length) {
                    expired = Arrays.copyOf(expired, n * 2);
                }
                expired[n++] = pending.keyAt(i);
            }
        }
        for (int i = 0; i < n; i++) {
            Pending p = pending.get(expired[i]);
            RoomTransport target = rooms.defaultRoom();
            if (p.reservation != null) {
                Route r = rooms.forReservation(p.reservation);
                if (r instanceof Route.Building && now - p.since < BUILD_WAIT_NANOS) {
                    continue;
                }
                if (r instanceof Route.Ready ready) {
                    target = ready.room();
                }
            }
            route(expired[i], p, target);
        }
    }

    private void route(long id, Pending p, RoomTransport room) {
        pending.remove(id);
        routes.put(id, room);
        room.routed++;
        room.deliverConnected(id);
        if (p.hello) {
            room.deliverMessage(id, HELLO, 0, HELLO.length, true);
        }
        if (p.auth != null) {
            room.deliverMessage(id, p.auth, 0, p.auth.length, p.authReliable);
        }
        for (int at = 0; at < p.heldBytes; ) {
            int len = (p.held[at] & 0xFF) << 8 | p.held[at + 1] & 0xFF;
            room.deliverMessage(id, p.held, at + 3, len, p.held[at + 2] != 0);
            at += 3 + len;
        }
    }

    /**
     * A connection not yet routed: when it connected, sent Auth or its JoinRoom; that Auth; the
     * reservation whose room is being built and what it sent since ({@code [u16 length][u8
     * reliable][bytes]}…, bounded).
     */
    private static final class Pending {
        long since;
        /** It asked for codec v2 (HELLO before Auth): the room must hear it first. */
        boolean hello;
        byte[] auth;
        boolean authReliable;
        String reservation;
        byte[] held;
        int heldBytes;

        /** @return false if it did not fit (dropped) */
        boolean hold(byte[] data, int offset, int length, boolean reliable) {
            if (heldBytes + 3 + length > MAX_HELD_BYTES) {
                return false;
            }
            if (held == null) {
                held = new byte[MAX_HELD_BYTES];
            }
            held[heldBytes] = (byte) (length >>> 8);
            held[heldBytes + 1] = (byte) length;
            held[heldBytes + 2] = (byte) (reliable ? 1 : 0);
            System.arraycopy(data, offset, held, heldBytes + 3, length);
            heldBytes += 3 + length;
            return true;
        }
    }

    /** Receives the shared transport's events (lock held). */
    private final class Router implements InboundHandler {
        @Override
        public void onConnected(long clientId) {
            if (routes.size() + pending.size() >= maxClients) {
                refusedFull++; // single writer: the lock holder
                net.disconnect(clientId, "server full (" + maxClients + " clients)");
                return;
            }
            Pending p = new Pending();
            p.since = clock.nanoTime();
            pending.put(clientId, p);
        }

        @Override
        public void onDisconnected(long clientId, DisconnectReason reason) {
            RoomTransport room = routes.remove(clientId);
            if (room != null) {
                room.routed--;
                room.deliverDisconnected(clientId, reason);
            } else {
                pending.remove(clientId); // never routed: no room knows it
            }
        }

        @Override
        public void onMessage(long clientId, byte[] data, int offset, int length, boolean reliable) {
            RoomTransport room = routes.get(clientId);
            if (room != null) {
                room.deliverMessage(clientId, data, offset, length, reliable);
                return;
            }
            Pending p = pending.get(clientId);
            if (p == null) {
                return;
            }
            if (p.reservation != null) {
                hold(p, data, offset, length, reliable); // its room is being built
                return;
            }
            if (CompactFrames.isHello(data, offset, length)) {
                p.hello = true;
                return;
            }
            // A v2 client's messages after Auth carry an INPUT header (its snapshot ack): the
            // routing decision looks at the v1 message behind it; the room gets the whole message.
            int at = offset;
            int len = length;
            if (CompactFrames.isCompact(data, offset, length) && length >= CompactFrames.INPUT_HEADER
                    && CompactFrames.type(data, offset) == CompactFrames.INPUT) {
                at += CompactFrames.INPUT_HEADER;
                len -= CompactFrames.INPUT_HEADER;
            }
            WireEvent e = decode(data, at, len);
            if (e instanceof WireEvent.Auth && p.auth == null) {
                p.auth = Arrays.copyOfRange(data, offset, offset + length);
                p.authReliable = reliable;
                p.since = clock.nanoTime();
                return;
            }
            RoomTransport target = rooms.defaultRoom();
            if (e instanceof WireEvent.JoinRoom join && p.auth != null) {
                switch (rooms.forReservation(join.reservation())) {
                    case Route.Ready ready -> target = ready.room();
                    case Route.Building building -> {
                        p.reservation = join.reservation();
                        p.since = clock.nanoTime();
                        hold(p, data, offset, length, reliable);
                        return;
                    }
                    case Route.ToDefault toDefault -> {
                        // the default room refuses and counts the reservation
                    }
                }
            }
            route(clientId, p, target);
            routes.get(clientId).deliverMessage(clientId, data, offset, length, reliable);
        }

        private void hold(Pending p, byte[] data, int offset, int length, boolean reliable) {
            if (!p.hold(data, offset, length, reliable)) {
                heldDropped++; // single writer: the lock holder; a client flooding while its room is built loses the excess
            }
        }

        private WireEvent decode(byte[] data, int offset, int length) {
            try {
                return codec.classify(data, offset, length) == Codec.FrameKind.EVENT
                        ? codec.decodeEvent(data, offset, length) : null;
            } catch (CodecException e) {
                return null; // the room's Auth gate counts it
            }
        }
    }
}
