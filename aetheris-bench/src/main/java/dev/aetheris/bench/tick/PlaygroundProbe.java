package dev.aetheris.bench.tick;

import dev.aetheris.codec.MsgpackCodec;
import dev.aetheris.codec.compact.CompactFrames;
import dev.aetheris.codec.compact.SnapshotFormat;
import dev.aetheris.protocol.component.ComponentWriter;
import dev.aetheris.protocol.component.Components;
import dev.aetheris.protocol.error.CodecException;
import dev.aetheris.protocol.event.GameEvent;
import dev.aetheris.protocol.event.ReplicationEvent;
import dev.aetheris.protocol.event.WireEvent;
import dev.aetheris.server.metrics.TickMetrics;
import dev.aetheris.server.tick.TickConfig;
import dev.aetheris.server.tick.TickScheduler;
import dev.aetheris.testkit.FakeSessionVerifier;
import dev.aetheris.testkit.InMemoryTransport;
import dev.aetheris.testkit.ManualClock;
import dev.aetheris.testkit.ScriptedClient;
import dev.aetheris.world.PlaygroundWorld;
import dev.aetheris.world.WorldConfig;
import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.List;

/**
 * The room loop's whole tick with the real playground world, its store and the real replication,
 * for many codec v2 clients on the in-memory transport, measured by the thread's own CPU time (so
 * a busy machine still measures what a tick costs):
 * {@code java -cp benchmarks.jar dev.aetheris.bench.tick.PlaygroundProbe [clients [stress entities [ticks [ack lag
 * [state rate]]]]]}.
 *
 * <p>Every client takes a ship in the default 4,000-unit world (interest radius and budget as
 * {@code serve} has them), steers it each tick in a slowly turning direction, and acknowledges
 * with that input the snapshot it received {@code ack lag} ticks before (as a round trip of that
 * many ticks would); the state rate (default 30, as {@code serve} has it at 60 Hz) spreads the sends over the
 * ticks. Stress entities, spread over the whole
 * world, are spawned like the admin command does. Prints the tick's CPU time (p50, p99, max),
 * bytes allocated per tick and bytes sent per client per tick.
 */
public final class PlaygroundProbe {
    private PlaygroundProbe() {
    }

    public static void main(String[] args) throws CodecException {
        int clients = args.length > 0 ? Integer.parseInt(args[0]) : 150;
        int stress = args.length > 1 ? Integer.parseInt(args[1]) : 0;
        int ticks = args.length > 2 ? Integer.parseInt(args[2]) : 1000;
        int ackLag = args.length > 3 ? Integer.parseInt(args[3]) : 2;
        int stateRate = args.length > 4 ? Integer.parseInt(args[4]) : 30;
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

        ManualClock clock = new ManualClock();
        InMemoryTransport transport = new InMemoryTransport(InMemoryTransport.Options.DEFAULT.withQueues(256, 4096));
        PlaygroundWorld world = new PlaygroundWorld(WorldConfig.defaults(7).withMaxEntities(clients + stress + 10_000));
        FakeSessionVerifier sessions = new FakeSessionVerifier();
        MsgpackCodec codec = new MsgpackCodec();
        TickMetrics metrics = new TickMetrics();
        TickScheduler tick = new TickScheduler(TickConfig.defaults("probe").withMaxClients(clients + 1).withStateRate(stateRate), transport,
                world, codec, sessions, clock, metrics);
        ScriptedClient[] cs = new ScriptedClient[clients];
        long[][] seen = new long[clients][ackLag + 1];
        byte[] hello = new byte[3];
        CompactFrames.writeHello(hello, 0);
        for (int i = 0; i < clients; i++) {
            sessions.issue("t" + i, "player-" + i, false);
            cs[i] = transport.connect();
            cs[i].sendReliable(hello);
            cs[i].sendReliable(encode(codec, new WireEvent.Auth("t" + i)));
            cs[i].sendReliable(encode(codec, new WireEvent.StartSession()));
        }
        if (stress > 0) {
            world.stressTest(stress, true);
        }
        long[] ships = new long[clients];
        byte[] packet = new byte[2048];
        byte[] payload = new byte[256];
        long received = 0;
        long[] cpu = new long[ticks];
        int warmup = 1000;
        long allocated = 0;
        for (int t = -warmup; t < ticks; t++) {
            clock.advanceNanos(1_000_000_000L / 60);
            long a0 = threads.getCurrentThreadAllocatedBytes();
            long c0 = threads.getCurrentThreadCpuTime();
            tick.tick();
            long c1 = threads.getCurrentThreadCpuTime();
            if (t >= 0) {
                cpu[t] = c1 - c0;
                allocated += threads.getCurrentThreadAllocatedBytes() - a0;
            }
            for (int i = 0; i < clients; i++) {
                for (byte[] r : cs[i].takeReliable()) {
                    if (!CompactFrames.isCompact(r, 0, r.length)
                            && codec.decodeEvent(r, 0, r.length) instanceof WireEvent.GameEvent g
                            && g.event() instanceof GameEvent.Possession p) {
                        ships[i] = p.networkId();
                    }
                }
                long newest = 0;
                for (byte[] b : cs[i].takeUnreliable()) {
                    if (CompactFrames.isCompact(b, 0, b.length) && CompactFrames.type(b, 0) == CompactFrames.SNAPSHOT) {
                        newest = Math.max(newest, SnapshotFormat.sequence(b, 0, b.length));
                        if (t >= 0) {
                            received += b.length;
                        }
                    }
                }
                long[] s = seen[i];
                System.arraycopy(s, 0, s, 1, ackLag);
                s[0] = Math.max(newest, s[1]);
                if (ships[i] != 0) {
                    // Steer in a slowly turning direction, as a flying bot does; the input acks too.
                    double heading = (t + warmup) / 90.0 + i;
                    ComponentWriter w = codec.componentWriter(Components.INPUT_COMMAND, payload, 0, payload.length);
                    w.uint(t + warmup + 1).sequence(1).variant(Components.INPUT_MOVE)
                            .f32((float) Math.cos(heading)).f32((float) Math.sin(heading)).uint(0).none().end();
                    ReplicationEvent input = new ReplicationEvent(ships[i], Components.INPUT_COMMAND.kind(),
                            Arrays.copyOf(payload, codec.componentLength()), t + warmup + 1);
                    int n = CompactFrames.writeInputHeader(s[ackLag], packet, 0);
                    n += codec.encodeEvent(new WireEvent.ReplicationBatch(List.of(input)), packet, n);
                    cs[i].sendUnreliable(Arrays.copyOf(packet, n));
                }
            }
        }
        Arrays.sort(cpu);
        System.out.printf("playground: %d clients (%d with a ship), %d stress entities, %d entities, ack lag %d, state %d Hz, %d ticks%n",
                clients, tick.authenticatedCount(), stress, world.entityCount(), ackLag, stateRate, ticks);
        System.out.printf("cpu per tick: p50 %.2f ms, p99 %.2f ms, max %.2f ms (%.1f µs per client at p50)%n",
                cpu[ticks / 2] / 1e6, cpu[(int) (ticks * 0.99)] / 1e6, cpu[ticks - 1] / 1e6,
                cpu[ticks / 2] / 1e3 / clients);
        System.out.printf("allocated: %.1f bytes per tick; state received: %.0f bytes per client per tick%n",
                (double) allocated / ticks, (double) received / ticks / clients);
    }

    private static byte[] encode(MsgpackCodec codec, WireEvent e) throws CodecException {
        byte[] buf = new byte[1024];
        return Arrays.copyOf(buf, codec.encodeEvent(e, buf, 0));
    }
}
