package dev.aetheris.bots;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The load generator's own CPU use, so a saturated load generator is never read as a limit of the
 * server: process CPU time, and how many CPUs the process may run on (its affinity mask, e.g.
 * under {@code taskset -c 1}).
 */
final class ProcessCpu {
    /** Share of the allowed CPUs from which a run is reported as limited by the load generator. */
    static final double SATURATED = 0.90;

    private ProcessCpu() {
    }

    /** CPU time this process has used so far, in nanoseconds (−1 if the platform cannot tell). */
    static long cpuNanos() {
        return ProcessHandle.current().info().totalCpuDuration().map(java.time.Duration::toNanos).orElse(-1L);
    }

    /**
     * CPUs this process may run on: {@code Cpus_allowed_list} of {@code /proc/self/status} where
     * it exists (Linux), else {@link Runtime#availableProcessors()}.
     */
    static int allowedCpus() {
        try {
            List<String> lines = Files.readAllLines(Path.of("/proc/self/status"));
            for (String line : lines) {
                if (line.startsWith("Cpus_allowed_list:")) {
                    int n = countCpuList(line.substring(line.indexOf(':') + 1));
                    if (n > 0) {
                        return n;
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux, or unreadable: fall through
        }
        return Runtime.getRuntime().availableProcessors();
    }

    /** CPUs in a Linux CPU list such as {@code "0-3,8,10-11"}; 0 if it cannot be parsed. */
    static int countCpuList(String list) {
        int n = 0;
        for (String part : list.trim().split(",")) {
            String p = part.trim();
            if (p.isEmpty()) {
                continue;
            }
            int dash = p.indexOf('-');
            try {
                if (dash < 0) {
                    Integer.parseInt(p);
                    n++;
                } else {
                    int from = Integer.parseInt(p.substring(0, dash));
                    int to = Integer.parseInt(p.substring(dash + 1));
                    if (to < from) {
                        return 0;
                    }
                    n += to - from + 1;
                }
            } catch (NumberFormatException e) {
                return 0;
            }
        }
        return n;
    }

    /**
     * Time this process's threads have spent runnable but waiting for a CPU, in nanoseconds (the
     * second field of each {@code /proc/self/task/<tid>/schedstat}, summed over live threads); −1
     * where the platform does not tell. A load generator that waits more than it runs is starved
     * by other work on its CPUs: its figures then measure that queue, not the server.
     */
    static long runQueueWaitNanos() {
        Path tasks = Path.of("/proc/self/task");
        if (!Files.isDirectory(tasks)) {
            return -1;
        }
        long sum = 0;
        try (var dirs = Files.newDirectoryStream(tasks)) {
            for (Path t : dirs) {
                try {
                    String[] f = Files.readString(t.resolve("schedstat")).trim().split("\\s+");
                    sum += Long.parseLong(f[1]);
                } catch (IOException | RuntimeException e) {
                    // the thread ended meanwhile, or no schedstat: skip it
                }
            }
        } catch (IOException e) {
            return -1;
        }
        return sum;
    }

    /** Average CPUs used between two {@link #cpuNanos} readings {@code wallNanos} apart (NaN if unknown). */
    static double coresUsed(long cpuStart, long cpuEnd, long wallNanos) {
        if (cpuStart < 0 || cpuEnd < cpuStart || wallNanos <= 0) {
            return Double.NaN;
        }
        return (double) (cpuEnd - cpuStart) / wallNanos;
    }
}
