package dev.aetheris.server.tick;

import dev.aetheris.protocol.MonotonicClock;
import dev.aetheris.server.metrics.TickMetrics;
import dev.aetheris.transport.ThreadScheduling;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.concurrent.locks.LockSupport;

/**
 * The seed's {@code run} loop: runs a {@link TickScheduler}'s ticks at the configured rate on one
 * thread until stopped, and records the tick rate, duration and CPU time (the difference between
 * a tick's wall and CPU time is how long it waited for a core: other threads, GC, other processes).
 *
 * <p><b>Threading.</b> {@link #run()} runs on the room-loop thread, the only one that may touch the
 * scheduler while the loop runs; {@link #start}, {@link #stop()}, {@link #stopAndWait} and
 * {@link #tickedWithin} may be called from any thread. A stop is final: once requested,
 * {@link #run()} returns after the current tick, or at once if it has not started — also when
 * the stop landed before the thread {@link #start} created began to run.
 */
public final class TickLoop {
    private final TickScheduler tick;
    private final long periodNanos;
    private final MonotonicClock clock;
    private final Sleeper sleeper;
    private final TickMetrics metrics;
    /** The loop thread's CPU clock, null where the JVM has none: a tick's CPU next to its wall time. */
    private final ThreadMXBean cpu;

    private long lastTickStart;
    private volatile long lastTickCompleted;
    private volatile boolean stopRequested;
    private volatile Thread loopThread;

    /**
     * @param tick    the tick to run
     * @param config  its tick rate
     * @param clock   monotonic time, the scheduler's (a manual clock in tests)
     * @param sleeper how the loop waits for the next deadline
     * @param metrics where to record the tick rate and duration, the scheduler's
     */
    public TickLoop(TickScheduler tick, TickConfig config, MonotonicClock clock, Sleeper sleeper,
                    TickMetrics metrics) {
        this.tick = tick;
        this.periodNanos = config.periodNanos();
        this.clock = clock;
        this.sleeper = sleeper;
        this.metrics = metrics;
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        this.cpu = threads.isCurrentThreadCpuTimeSupported() && threads.isThreadCpuTimeEnabled() ? threads : null;
    }

    /**
     * Runs ticks on the calling thread until {@link #stop()}. A tick that starts a whole period
     * late shifts the schedule (the next deadline is one period after its start): no burst of
     * catch-up ticks, and no tick skipped. Returns at once if a stop was already requested.
     */
    public void run() {
        loopThread = Thread.currentThread();
        long next = clock.nanoTime();
        while (!stopRequested) {
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
            long cpuStart = cpu == null ? 0 : cpu.getCurrentThreadCpuTime();
            boolean ran = tick.tick();
            long end = clock.nanoTime();
            metrics.tickDuration.record((end - start) / 1e9);
            if (cpu != null) {
                metrics.tickCpu.record((cpu.getCurrentThreadCpuTime() - cpuStart) / 1e9);
            }
            if (ran) {
                lastTickCompleted = end;
            }
            next = (start - next >= periodNanos) ? start + periodNanos : next + periodNanos;
        }
    }

    /** Asks the loop to finish its current tick and return from {@link #run()}; final. Any thread. */
    public void stop() {
        stopRequested = true;
        Thread t = loopThread;
        if (t != null) {
            LockSupport.unpark(t);
        }
    }

    /** Starts {@link #run()} on a new platform thread named {@code name}. Any thread. */
    public Thread start(String name) {
        Thread t = Thread.ofPlatform().name(name).unstarted(() -> {
            // A tick should not be cut into slices by the I/O threads sharing its core.
            ThreadScheduling.requestSlice(periodNanos / 2);
            run();
        });
        // Known before it runs, so a stopAndWait that lands before run() begins still waits for it.
        loopThread = t;
        t.start();
        return t;
    }

    /**
     * Stops the loop and waits up to {@code timeout} for its thread to return; true if it did, or
     * if no loop was ever started (a later {@link #run()} then returns at once). Any thread.
     */
    public boolean stopAndWait(Duration timeout) throws InterruptedException {
        stop();
        Thread t = loopThread;
        if (t == null || t == Thread.currentThread()) {
            return true;
        }
        t.join(timeout);
        return !t.isAlive();
    }

    /**
     * Whether the loop completed a tick (one whose poll succeeded) within {@code maxAgeNanos} of
     * now: the readiness check. Any thread.
     */
    public boolean tickedWithin(long maxAgeNanos) {
        long last = lastTickCompleted;
        return last != 0 && clock.nanoTime() - last <= maxAgeNanos;
    }
}
