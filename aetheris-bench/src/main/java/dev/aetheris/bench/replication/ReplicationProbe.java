package dev.aetheris.bench.replication;

import java.lang.management.ManagementFactory;
import java.util.Arrays;

/**
 * The {@link ReplicationBenchmark} scenario measured by the thread's own CPU time and allocation
 * counter instead of wall time, so a figure taken on a shared, busy machine still says what one
 * tick costs: {@code java -cp benchmarks.jar dev.aetheris.bench.replication.ReplicationProbe [ticks [v1|v2 [warm-up ticks [interest|s1 [ack lag [budget]]]]]]}.
 * The ack lag (v2) makes every client acknowledge the snapshot that many sends before its newest, as
 * a round trip would. {@code s1} is S1's shape instead (400 entities, 200 clients, every client sees every entity).
 * The budget (bytes per second per client, default the scenario's) shows what a budget that binds
 * costs: clients cut at different entries hold different baselines, so fewer deltas are shared.
 * Prints CPU time per tick (p50, p99, max), bytes allocated per tick, bytes sent per client per
 * tick, and entities known per client versus entities within the radius.
 */
public final class ReplicationProbe {
    private ReplicationProbe() {
    }

    public static void main(String[] args) {
        int ticks = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        ReplicationBenchmark b = new ReplicationBenchmark();
        boolean s1 = args.length > 3 && args[3].equals("s1");
        b.entities = s1 ? 400 : 10_000;
        b.clients = s1 ? 200 : 1_000;
        b.seen = 150;
        b.everyone = s1;
        b.ackLag = args.length > 4 ? Integer.parseInt(args[4]) : 0;
        b.budget = args.length > 5 ? Integer.parseInt(args[5]) : 0;
        b.codec = args.length > 1 ? args[1] : "v1";
        int warmup = args.length > 2 ? Integer.parseInt(args[2]) : 1000;
        b.setUp();
        for (int i = 0; i < warmup; i++) {
            b.replicatedTick();
        }
        long[] cpu = new long[ticks];
        long bytesSent = 0;
        long allocStart = threads.getCurrentThreadAllocatedBytes();
        allocStart = threads.getCurrentThreadAllocatedBytes();
        for (int i = 0; i < ticks; i++) {
            long t0 = threads.getCurrentThreadCpuTime();
            b.replicatedTick();
            cpu[i] = threads.getCurrentThreadCpuTime() - t0;
            bytesSent += b.lastTickBytes();
        }
        long allocated = threads.getCurrentThreadAllocatedBytes() - allocStart;
        Arrays.sort(cpu);
        System.out.printf("ticks %d, entities %d, clients %d, codec %s, ack lag %d, budget %s%n", ticks, b.entities,
                b.clients, b.codec, b.ackLag, b.budget > 0 ? b.budget + " B/s" : "the scenario's");
        System.out.printf("cpu per tick: p50 %.2f ms, p99 %.2f ms, max %.2f ms%n", cpu[ticks / 2] / 1e6,
                cpu[(int) (ticks * 0.99)] / 1e6, cpu[ticks - 1] / 1e6);
        System.out.printf("allocated: %d bytes in %d ticks (%.1f per tick)%n", allocated, ticks, (double) allocated / ticks);
        System.out.printf("sent: %.0f bytes per client per tick (%.1f KiB/s at 60 Hz)%n",
                (double) bytesSent / ticks / b.clients, bytesSent * 60.0 / ticks / b.clients / 1024);
        long[] snaps = b.snapshotCounts();
        System.out.printf("v2 snapshots %d, of them with a shared body %d; delta cache %d lookups, %d hits%n",
                snaps[0], snaps[1], snaps[2], snaps[3]);
        System.out.printf("known per client %.1f, within radius per client %.1f%n",
                (double) b.knownTotal() / b.clients, (double) b.withinRadiusTotal() / b.clients);
    }
}
