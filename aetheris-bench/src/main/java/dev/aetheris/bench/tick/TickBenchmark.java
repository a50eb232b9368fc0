package dev.aetheris.bench.tick;

import dev.aetheris.codec.MsgpackCodec;
import dev.aetheris.protocol.event.WireEvent;
import dev.aetheris.protocol.seam.WorldState;
import dev.aetheris.server.metrics.TickMetrics;
import dev.aetheris.server.tick.TickConfig;
import dev.aetheris.server.tick.TickScheduler;
import dev.aetheris.testkit.FakeSessionVerifier;
import dev.aetheris.testkit.FakeWorld;
import dev.aetheris.testkit.InMemoryTransport;
import dev.aetheris.testkit.ManualClock;
import dev.aetheris.testkit.ScriptedClient;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One {@code tick()} of the room loop with in-memory doubles: {@code clients=0, entities=0} is the
 * seed's {@code tick_step} with no-op doubles (upstream: 512 ns); {@code clients=100,
 * entities=1000} is 1,000 moving entities replicated to 100 clients in one room.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-XX:+UseParallelGC"})
@State(Scope.Thread)
public class TickBenchmark {

    @Param({"0:0", "100:1000"})
    public String clientsEntities;

    private TickScheduler tick;
    private ManualClock clock;
    private final List<ScriptedClient> clients = new ArrayList<>();

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        String[] p = clientsEntities.split(":");
        int nClients = Integer.parseInt(p[0]);
        int nEntities = Integer.parseInt(p[1]);
        clock = new ManualClock();
        InMemoryTransport transport = new InMemoryTransport(InMemoryTransport.Options.DEFAULT.withQueues(256, 4096));
        FakeWorld world = new FakeWorld(1_000_000);
        MsgpackCodec codec = new MsgpackCodec();
        FakeSessionVerifier sessions = new FakeSessionVerifier();
        tick = new TickScheduler(TickConfig.defaults("bench"), transport, world, codec, sessions, clock,
                new TickMetrics());
        byte[] buf = new byte[256];
        for (int i = 0; i < nClients; i++) {
            ScriptedClient c = transport.connect();
            sessions.issue("t" + i, "p" + i, false);
            int n = codec.encodeEvent(new WireEvent.Auth("t" + i), buf, 0);
            c.sendReliable(java.util.Arrays.copyOf(buf, n));
            clients.add(c);
        }
        for (int i = 0; i < nEntities; i++) {
            world.spawnMoving(i, i, 1, 0.5f, WorldState.NO_ROOM);
        }
        for (int i = 0; i < 200; i++) {
            step();
        }
    }

    @Benchmark
    public long tickStep() {
        return step();
    }

    private long step() {
        clock.advanceNanos(16_666_666);
        tick.tick();
        for (int i = 0; i < clients.size(); i++) {
            clients.get(i).discardReceived();
        }
        return tick.currentTick();
    }
}
