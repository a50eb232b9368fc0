package dev.aetheris.transport;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.util.Locale;

/**
 * Hints to the Linux scheduler so that a room's tick is not cut into pieces by the server's own
 * I/O threads when they share a core: the event loops ask for {@code SCHED_BATCH} (a waking event
 * loop then waits for the running tick's time slice instead of preempting it) and a room loop
 * asks for a time slice as long as a tick may take (Linux 6.12+ honours a fair task's requested
 * slice; older kernels keep their default). Measured with 150 WebSocket clients on one core, the
 * room thread's wait for the CPU fell from about 0.17 to 0.03 of a core
 * ({@code docs/performance/transport.md}).
 *
 * <p>Best effort: off Linux, on an architecture whose system call numbers are not known here, or
 * without native access, nothing changes and the methods return {@code false}. Set the system
 * property {@code aetheris.os-scheduling=default} to leave every thread as the JVM made it.
 *
 * <p><b>Threading.</b> Each method changes the calling thread only; any thread may call them.
 */
public final class ThreadScheduling {
    private static final int SCHED_OTHER = 0;
    private static final int SCHED_BATCH = 3;
    /** {@code struct sched_attr}, version 1 (56 bytes). */
    private static final int ATTR_SIZE = 56;
    private static final long SET_ATTR = setAttrSyscall();
    private static final MethodHandle SYSCALL = syscall();

    private ThreadScheduling() {
    }

    /**
     * Asks that the calling thread, an event loop, yield to running ticks on wakeup
     * ({@code SCHED_BATCH}). Returns whether the kernel accepted it.
     */
    public static boolean preferBatch() {
        return set(SCHED_BATCH, 0);
    }

    /**
     * Asks that the calling thread, a room loop, may run {@code sliceNanos} before the scheduler
     * cuts its slice (clamped by the kernel to 0.1–100 ms). Returns whether the kernel accepted
     * the request (a kernel before 6.12 accepts it and keeps its default slice).
     */
    public static boolean requestSlice(long sliceNanos) {
        return set(SCHED_OTHER, Math.max(100_000L, Math.min(sliceNanos, 100_000_000L)));
    }

    private static boolean set(int policy, long runtime) {
        if (SYSCALL == null || "default".equals(System.getProperty("aetheris.os-scheduling"))) {
            return false;
        }
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment attr = arena.allocate(ATTR_SIZE, 8);
            attr.set(ValueLayout.JAVA_INT, 0, ATTR_SIZE);
            attr.set(ValueLayout.JAVA_INT, 4, policy);
            attr.set(ValueLayout.JAVA_LONG, 24, runtime); // sched_runtime: a fair task's requested slice
            // pid 0: the calling thread.
            return (long) SYSCALL.invokeExact(SET_ATTR, 0L, attr, 0L) == 0;
        } catch (Throwable t) {
            return false;
        }
    }

    private static long setAttrSyscall() {
        String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
        return switch (arch) {
            case "amd64", "x86_64" -> 314;
            case "aarch64" -> 274;
            default -> -1;
        };
    }

    private static MethodHandle syscall() {
        if (SET_ATTR < 0 || !System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("linux")) {
            return null;
        }
        try {
            Linker linker = Linker.nativeLinker();
            MemorySegment fn = linker.defaultLookup().find("syscall").orElse(null);
            if (fn == null) {
                return null;
            }
            return linker.downcallHandle(fn, FunctionDescriptor.of(ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG,
                    ValueLayout.JAVA_LONG, ValueLayout.ADDRESS, ValueLayout.JAVA_LONG), Linker.Option.firstVariadicArg(1));
        } catch (RuntimeException e) {
            return null; // no native access granted: leave scheduling alone
        }
    }
}
