package dev.aetheris.world;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aetheris.protocol.seam.ReliableEventSink;
import dev.aetheris.testkit.RecordingReplicationSink;
import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;

/** The steady-state tick path allocates nothing (measured with the thread's allocation counter). */
class AllocationTest {

    @Test
    void steadyStateTicksAllocateZeroBytes() {
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        assertThat(threads.isThreadAllocatedMemorySupported()).isTrue();
        PlaygroundWorld w = new PlaygroundWorld(WorldConfig.defaults(7).withMaxEntities(2000));
        assertThat(w.stressTest(1000, true)).isEqualTo(1000);
        RecordingReplicationSink sink = RecordingReplicationSink.counting();
        int[] events = new int[1];
        ReliableEventSink eventSink = (target, ev) -> events[0]++;
        for (int t = 0; t < 5000; t++) {
            tick(w, sink, eventSink);
        }
        sink.clear();
        long start = threads.getCurrentThreadAllocatedBytes();
        start = threads.getCurrentThreadAllocatedBytes();
        for (int t = 0; t < 1000; t++) {
            tick(w, sink, eventSink);
        }
        long allocated = threads.getCurrentThreadAllocatedBytes() - start;
        // The work was real: every moving ship sent at least its Transform every tick.
        assertThat(sink.componentCount()).isGreaterThanOrEqualTo(1000L * 1000L);
        assertThat(allocated / 1000.0).as("bytes allocated per tick").isZero();
    }

    private static void tick(PlaygroundWorld w, RecordingReplicationSink sink, ReliableEventSink events) {
        w.advanceTick();
        w.simulate();
        w.extractChanges(sink);
        w.extractReliableEvents(events);
        w.postExtract();
        w.stateHash();
    }
}
