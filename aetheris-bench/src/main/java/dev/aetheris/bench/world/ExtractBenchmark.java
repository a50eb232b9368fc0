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
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Upstream's {@code ecs_extract_dirty_7_of_1000} (322.95 µs there): 1,000 interceptors, 7 of them
 * moving (their Transform, and while accelerating their Velocity, changed), then extraction only.
 * Extraction is repeatable until {@code postExtract}, so each call reports the same 7 changes.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class ExtractBenchmark {
    private PlaygroundWorld world;
    private RecordingReplicationSink sink;

    @Setup(Level.Trial)
    public void setUp() throws WorldException {
        world = new PlaygroundWorld(WorldConfig.defaults(1).withPopulation(0, 0).withMaxEntities(1000));
        SplitMix64 rng = new SplitMix64(5);
        for (int i = 0; i < 993; i++) {
            world.spawnKind(EntityKinds.INTERCEPTOR, rng.nextFloat(-250, 250), rng.nextFloat(-250, 250), 0, 0);
        }
        world.stressTest(7, true);
        sink = RecordingReplicationSink.counting();
        for (int t = 0; t < 100; t++) {
            world.advanceTick();
            world.simulate();
            world.extractChanges(sink);
            world.postExtract();
        }
        world.advanceTick();
        world.simulate();
        sink.clear();
        world.extractChanges(sink);
        if (sink.componentCount() < 7 || sink.componentCount() > 14) {
            throw new IllegalStateException("expected the changes of 7 entities, got " + sink.componentCount()
                    + " components");
        }
    }

    /** Extraction of 7 changed entities among 1,000. */
    @Benchmark
    public void extract7Of1000(Blackhole bh) {
        world.extractChanges(sink);
        bh.consume(sink.fieldCount());
    }
}
