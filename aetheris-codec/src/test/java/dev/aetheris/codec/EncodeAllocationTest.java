package dev.aetheris.codec;

import static dev.aetheris.codec.GoldenVectorsTest.B1;
import static org.assertj.core.api.Assertions.assertThat;

import dev.aetheris.protocol.component.Components;
import dev.aetheris.protocol.error.CodecException;
import dev.aetheris.protocol.event.GameEvent;
import dev.aetheris.protocol.event.ReplicationEvent;
import dev.aetheris.protocol.event.WireEvent;
import java.lang.management.ManagementFactory;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Encoding into a caller's buffer allocates nothing: counted with the thread's allocated-bytes
 * counter over 10,000 encodes after warm-up (counts, not timings, so the assertion is stable).
 */
class EncodeAllocationTest {
    private static final int N = 10_000;
    private final MsgpackCodec codec = new MsgpackCodec();
    private final byte[] out = new byte[1200];
    private final byte[] payload = new byte[64];
    private final ReplicationEvent c1 = new ReplicationEvent(101, 1, B1, 1234);
    private final WireEvent ping = new WireEvent.Ping(70000);
    private final WireEvent possession = new WireEvent.GameEvent(new GameEvent.Possession(101));
    private final WireEvent batch = new WireEvent.ReplicationBatch(List.of(c1, c1, c1));
    private long sink;

    interface Op {
        void run() throws CodecException;
    }

    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    private static long allocatedBytes() {
        return THREADS.getCurrentThreadAllocatedBytes();
    }

    /**
     * Bytes allocated by {@code N} runs, the least of five rounds: the JIT may allocate on the
     * calling thread once, while it compiles (HotSpot interns a class's string literals when it
     * queues the class for C2), which is not what a run costs; an op that allocates allocates in
     * every round.
     */
    private long bytesPerRun(Op op) throws CodecException {
        for (int i = 0; i < 3 * N; i++) {
            op.run();
        }
        long least = Long.MAX_VALUE;
        for (int round = 0; round < 5; round++) {
            long before = allocatedBytes();
            for (int i = 0; i < N; i++) {
                op.run();
            }
            least = Math.min(least, allocatedBytes() - before);
        }
        return least;
    }

    @Test
    void replicationFrameEncodeAllocatesNothing() throws CodecException {
        assertThat(bytesPerRun(() -> sink += codec.encode(c1, out, 0))).isZero();
    }

    @Test
    void eventEncodeAllocatesNothing() throws CodecException {
        assertThat(bytesPerRun(() -> sink += codec.encodeEvent(ping, out, 0))).isZero();
        assertThat(bytesPerRun(() -> sink += codec.encodeEvent(possession, out, 0))).isZero();
        assertThat(bytesPerRun(() -> sink += codec.encodeEvent(batch, out, 0))).isZero();
    }

    @Test
    void tickPathAllocatesNothing() throws CodecException {
        assertThat(bytesPerRun(() -> {
            codec.componentWriter(Components.TRANSFORM, payload, 0, payload.length)
                    .f32(10.5f).f32(-3.25f).f32(0f).f32(1.5f).uint(1).end();
            int h = codec.writeBatchHeader(1, out, 0);
            sink += codec.encodeBatchRecord(101, 1, payload, 0, codec.componentLength(), 1234, out, h);
        })).isZero();
        assertThat(bytesPerRun(() -> {
            codec.componentWriter(Components.INPUT_COMMAND, payload, 0, payload.length)
                    .uint(5).sequence(2).variant(Components.INPUT_MOVE).f32(1f).f32(0f)
                    .variant(Components.INPUT_FIRE_PRIMARY).uint(4).uint(4).end();
            sink += codec.componentLength();
        })).isZero();
    }
}
