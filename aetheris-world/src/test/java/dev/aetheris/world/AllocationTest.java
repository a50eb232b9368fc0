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
        for (int round = 0; round < 5; round++) {
            ticks(w, sink, eventSink, 1000);
        }
        sink.clear();
        long start = threads.getCurrentThreadAllocatedBytes();
        start = threads.getCurrentThreadAllocatedBytes(); // the first reading may allocate; take the second
        ticks(w, sink, eventSink, 1000);
        long allocated = threads.getCurrentThreadAllocatedBytes() - start;
        // The work was real: every moving ship sent at least its Transform every tick.
        assertThat(sink.componentCount()).isGreaterThanOrEqualTo(1000L * 1000L);
        // Whole bytes per tick: one allocation per tick (16 bytes or more) fails this; a one-off of a
        // few bytes from the JVM itself (seen occasionally: 64 bytes in 1,000 ticks) does not.
        assertThat(allocated / 1000).as("bytes allocated per tick (%d bytes in 1,000 ticks)", allocated).isZero();
    }

    /** The measured loop lives in its own method so it is compiled before the measurement (no OSR then). */
    private static void ticks(PlaygroundWorld w, RecordingReplicationSink sink, ReliableEventSink events, int n) {
        for (int t = 0; t < n; t++) {
            tick(w, sink, events);
        }
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
