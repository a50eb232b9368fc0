package dev.aetheris.fleet;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.IntSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps Agones informed: {@code Ready} once the node serves, {@code Health} every two seconds,
 * the {@code rooms} and {@code players} counters with each health ping, {@code Allocate} once on
 * the first seat this node grants, and {@code Shutdown} after drain. Failed calls are retried on
 * the next period (the sidecar may start after the server). Runs on its own daemon thread.
 *
 * <p>Thread-safe.
 */
public final class AgonesLifecycle implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AgonesLifecycle.class);
    /** Health period: well inside Agones's default of 3 failures × 5 s. */
    public static final long HEALTH_PERIOD_MILLIS = 2_000;

    private final AgonesSdk sdk;
    private final IntSupplier rooms;
    private final IntSupplier players;
    private final ScheduledExecutorService timer;
    private final AtomicBoolean ready = new AtomicBoolean();
    private final AtomicBoolean allocateWanted = new AtomicBoolean();
    private final AtomicBoolean allocated = new AtomicBoolean();

    /**
     * @param sdk     the sidecar
     * @param rooms   rooms this node runs now
     * @param players players in them now
     */
    public AgonesLifecycle(AgonesSdk sdk, IntSupplier rooms, IntSupplier players) {
        this.sdk = sdk;
        this.rooms = rooms;
        this.players = players;
        this.timer = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("agones").daemon().factory());
    }

    /** Calls Ready now, then pings Health every {@link #HEALTH_PERIOD_MILLIS}. */
    public void start() {
        timer.execute(this::tick);
        timer.scheduleAtFixedRate(this::tick, HEALTH_PERIOD_MILLIS, HEALTH_PERIOD_MILLIS, TimeUnit.MILLISECONDS);
    }

    /** A seat was granted: Allocate once (on the Agones thread, so the caller never waits). */
    public void seatGranted() {
        if (!allocated.get() && allocateWanted.compareAndSet(false, true)) {
            timer.execute(this::allocate);
        }
    }

    private void allocate() {
        if (allocated.get()) {
            return;
        }
        if (sdk.allocate()) {
            allocated.set(true);
            LOG.info("Agones: allocated");
        }
        // On failure allocateWanted stays set: the next health tick tries again.
    }

    private void tick() {
        if (!ready.get() && sdk.ready()) {
            ready.set(true);
            LOG.info("Agones: ready");
        }
        if (allocateWanted.get()) {
            allocate();
        }
        sdk.health();
        sdk.setCounter("rooms", rooms.getAsInt());
        sdk.setCounter("players", players.getAsInt());
    }

    /** Stops the pings and calls Shutdown (after the drain). */
    @Override
    public void close() {
        timer.shutdownNow();
        try {
            timer.awaitTermination(3, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (!sdk.shutdown()) {
            LOG.warn("Agones: Shutdown call failed; Agones will notice the process exit");
        }
    }
}
