package dev.aetheris.server.room;

import dev.aetheris.protocol.seam.WorldState;
import dev.aetheris.server.metrics.TickMetrics;
import dev.aetheris.server.tick.AuthVerifier;
import dev.aetheris.server.tick.TickLoop;
import dev.aetheris.server.tick.TickScheduler;
import java.time.Duration;

/**
 * One room: a world, its tick loop on a thread of its own, its view of the transport and its
 * metrics. Created and disposed by the {@link RoomManager}.
 *
 * <p>Thread-safe accessors (the loop's state is read through its metrics' plain fields).
 */
public final class Room {
    private final String id;
    private final String kind;
    private final int capacity;
    private final WorldState world;
    private final TickScheduler tick;
    private final TickLoop loop;
    private final TickMetrics metrics;
    private final RoomTransport transport;
    private final AuthVerifier verifier;
    /** When the reaper first saw it unused (monotonic nanos), or 0. Reaper thread only. */
    long unusedSince;

    Room(String id, String kind, int capacity, WorldState world, TickScheduler tick, TickLoop loop,
         TickMetrics metrics, RoomTransport transport, AuthVerifier verifier) {
        this.verifier = verifier;
        this.id = id;
        this.kind = kind;
        this.capacity = capacity;
        this.world = world;
        this.tick = tick;
        this.loop = loop;
        this.metrics = metrics;
        this.transport = transport;
    }

    void start() {
        loop.start("room-" + id);
    }

    /** Stops the loop after its tick, then its Auth verifier; true if the loop stopped within {@code timeout}. */
    boolean stop(Duration timeout) throws InterruptedException {
        boolean stopped = loop.stopAndWait(timeout);
        verifier.close();
        return stopped;
    }

    /** The room's id, unique in the cluster. */
    public String id() {
        return id;
    }

    /** Its kind. */
    public String kind() {
        return kind;
    }

    /** Players it takes at most. */
    public int capacity() {
        return capacity;
    }

    /** Players with a session in it, as of its last tick. */
    public int players() {
        return (int) metrics.authenticatedClients.get();
    }

    /** Its world (read only while its loop is stopped, or for thread-safe summaries). */
    public WorldState world() {
        return world;
    }

    /** Its tick (room-loop thread only, or while its loop is stopped). */
    public TickScheduler tick() {
        return tick;
    }

    /** The loop that runs its tick on the room's thread (start, stop, readiness; any thread). */
    public TickLoop loop() {
        return loop;
    }

    /** Its loop's metrics. */
    public TickMetrics metrics() {
        return metrics;
    }

    RoomTransport transport() {
        return transport;
    }
}
