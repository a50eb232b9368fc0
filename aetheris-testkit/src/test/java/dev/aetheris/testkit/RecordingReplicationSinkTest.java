package dev.aetheris.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.aetheris.protocol.component.Components;
import dev.aetheris.protocol.component.PlayerInput;
import dev.aetheris.testkit.RecordingReplicationSink.Component;
import dev.aetheris.testkit.RecordingReplicationSink.SeqLength;
import dev.aetheris.testkit.RecordingReplicationSink.VariantIndex;
import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;

class RecordingReplicationSinkTest {

    @Test
    void recordsSpawnsDespawnsAndComponentValuesInOrder() {
        RecordingReplicationSink sink = RecordingReplicationSink.recording();
        sink.spawned(100, 1);
        sink.component(100, Components.TRANSFORM).f32(1).f32(2).f32(0).f32(0.5f).uint(1).end();
        sink.component(100, Components.MINING_BEAM).bool(true).uint(7).f32(15).uint(2).end();
        sink.component(100, Components.MINING_BEAM).bool(false).none().f32(15).uint(2).end();
        sink.despawned(100);
        assertThat(sink.entries()).hasSize(5);
        assertThat(sink.entries().get(0)).isEqualTo(new RecordingReplicationSink.Spawned(100, 1));
        assertThat(((Component) sink.entries().get(1)).values()).containsExactly(1f, 2f, 0f, 0.5f, 1L);
        assertThat(sink.components(100, Components.MINING_BEAM).get(1).values())
                .containsExactly(false, RecordingReplicationSink.NONE, 15f, 2L);
        assertThat(sink.despawns()).containsExactly(new RecordingReplicationSink.Despawned(100));
        sink.clear();
        assertThat(sink.entries()).isEmpty();
        assertThat(sink.componentCount()).isZero();
    }

    @Test
    void validatesEnumsSequencesAndNewtypesAgainstTheSchema() {
        RecordingReplicationSink sink = RecordingReplicationSink.recording();
        sink.component(5, Components.INPUT_COMMAND).uint(9).sequence(2)
                .variant(Components.INPUT_MOVE).f32(1).f32(-1)
                .variant(Components.INPUT_FIRE_PRIMARY)
                .uint(4).none().end();
        assertThat(sink.components(5, Components.INPUT_COMMAND).get(0).values()).containsExactly(9L, new SeqLength(2),
                new VariantIndex(0), 1f, -1f, new VariantIndex(2), 4L, RecordingReplicationSink.NONE);
        sink.component(5, Components.ROOM_MEMBERSHIP).uint(100).end();
        sink.component(5, Components.ROOM_DEFINITION).str("r").uint(0).variant(Components.ROOM_ACCESS_PERMISSION)
                .str("admin").bool(false).end();
        assertThat(sink.componentCount()).isEqualTo(3);
        assertThat(new PlayerInput.FirePrimary()).isNotNull();
    }

    @Test
    void wrongTypesCountsAndRangesAreProgrammingErrors() {
        RecordingReplicationSink sink = RecordingReplicationSink.recording();
        assertThatThrownBy(() -> sink.component(1, Components.VELOCITY).f32(1).uint(2))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("uint");
        RecordingReplicationSink s2 = RecordingReplicationSink.recording();
        assertThatThrownBy(() -> s2.component(1, Components.VELOCITY).f32(1).f32(2).end())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("missing");
        RecordingReplicationSink s3 = RecordingReplicationSink.recording();
        assertThatThrownBy(() -> s3.component(1, Components.CARGO_DROP).uint(1).uint(2))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("too many");
        RecordingReplicationSink s4 = RecordingReplicationSink.recording();
        assertThatThrownBy(() -> s4.component(1, Components.CARGO_DROP).uint(70_000))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("u16");
        RecordingReplicationSink s5 = RecordingReplicationSink.recording();
        assertThatThrownBy(() -> s5.component(1, Components.SHIP_CLASS).variant(3))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("out of range");
        RecordingReplicationSink s6 = RecordingReplicationSink.recording();
        assertThatThrownBy(() -> s6.component(1, Components.VELOCITY).none())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("none");
        RecordingReplicationSink s7 = RecordingReplicationSink.recording();
        s7.component(1, Components.VELOCITY);
        assertThatThrownBy(() -> s7.component(2, Components.VELOCITY))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("before the previous");
    }

    @Test
    void countingModeCountsWithoutAllocating() {
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        RecordingReplicationSink sink = RecordingReplicationSink.counting();
        for (int round = 0; round < 20; round++) {
            writeMany(sink, 10_000);
        }
        sink.clear();
        // The first reading may allocate inside the management code; take the second.
        long before = threads.getCurrentThreadAllocatedBytes();
        before = threads.getCurrentThreadAllocatedBytes();
        writeMany(sink, 10_000);
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;
        assertThat(sink.spawnCount()).isEqualTo(10_000);
        assertThat(sink.componentCount()).isEqualTo(20_000);
        assertThat(sink.fieldCount()).isEqualTo(10_000L * 9);
        assertThat(sink.entries()).isEmpty();
        // Whole bytes per written entity: any per-call allocation fails; a rare one-off from the JVM does not.
        assertThat(allocated / 10_000).as("bytes per entity written (%d in total)", allocated).isZero();
    }

    /** The measured loop lives in its own method so it is compiled before the measurement (no OSR then). */
    private static void writeMany(RecordingReplicationSink sink, int n) {
        for (int i = 0; i < n; i++) {
            write(sink, i);
        }
    }

    private static void write(RecordingReplicationSink sink, int i) {
        sink.spawned(i + 1, 1);
        sink.component(i + 1, Components.TRANSFORM).f32(i).f32(i * 0.5f).f32(0).f32(1.5f).uint(1).end();
        sink.component(i + 1, Components.MINING_BEAM).bool(false).none().f32(15).uint(2).end();
    }
}
