package dev.aetheris.bench.world;

import dev.aetheris.protocol.component.EntityKinds;
import dev.aetheris.protocol.error.WorldException;
import dev.aetheris.testkit.RecordingReplicationSink;
import dev.aetheris.world.PlaygroundWorld;
import dev.aetheris.world.SplitMix64;
import dev.aetheris.world.WorldConfig;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;

/**
 * One steady-state world tick (advanceTick + simulate + extractChanges into a counting,
 * non-allocating sink + postExtract) for {@code entities} ships, of which {@code movingPercent}
 * are under thrust and the rest at rest. Divide the score by the entity count (or the moving
 * count) for nanoseconds per entity per tick.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class WorldTickBenchmark {

    @Param({"1000", "10000", "100000"})
    int entities;

    @Param({"100", "1"})
    int movingPercent;

    private PlaygroundWorld world;
    private RecordingReplicationSink sink;

    @Setup(Level.Trial)
    public void setUp() throws WorldException {
        world = new PlaygroundWorld(WorldConfig.defaults(1).withPopulation(0, 0).withMaxEntities(entities));
        int moving = Math.max(1, entities * movingPercent / 100);
        SplitMix64 rng = new SplitMix64(99);
        for (int i = 0; i < entities - moving; i++) {
            world.spawnKind(EntityKinds.INTERCEPTOR, rng.nextFloat(-250, 250), rng.nextFloat(-250, 250), 0, 0);
        }
        world.stressTest(moving, true);
        sink = RecordingReplicationSink.counting();
        // Reach cruising speed so the figures describe steady flight, not the spawn burst.
        for (int t = 0; t < 300; t++) {
            tick();
        }
    }

    private void tick() {
        world.advanceTick();
        world.simulate();
        world.extractChanges(sink);
        world.postExtract();
    }

    /** simulate + extract for the whole world. */
    @Benchmark
    public void simulateAndExtract(Blackhole bh) {
        tick();
        bh.consume(sink.fieldCount());
    }
}
