package dev.aetheris.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.aetheris.protocol.error.CodecException;
import dev.aetheris.protocol.event.ReplicationEvent;
import dev.aetheris.protocol.event.WireEvent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class VisitBatchTest {
    private final MsgpackCodec codec = new MsgpackCodec();

    @Test
    void visitsExactlyTheRecordsDecodeEventSees() throws Exception {
        Random r = new Random(11);
        for (int round = 0; round < 200; round++) {
            List<ReplicationEvent> events = new ArrayList<>();
            for (int i = r.nextInt(40); i > 0; i--) {
                byte[] p = new byte[r.nextInt(300)];
                r.nextBytes(p);
                events.add(new ReplicationEvent(r.nextLong() | 1, r.nextInt(65536), p, r.nextLong()));
            }
            byte[] buf = new byte[64 * 1024];
            int n = codec.encodeEvent(new WireEvent.ReplicationBatch(events), buf, 0);
            List<ReplicationEvent> seen = new ArrayList<>();
            assertThat(codec.visitBatch(buf, 0, n, (nid, kind, b, off, len, tick) ->
                    seen.add(new ReplicationEvent(nid, kind, Arrays.copyOfRange(b, off, off + len), tick)))).isTrue();
            assertThat(seen).isEqualTo(((WireEvent.ReplicationBatch) codec.decodeEvent(buf, 0, n)).events());
        }
    }

    @Test
    void otherEventsAreNotVisitedAndMalformedBatchesAreTypedErrors() throws Exception {
        byte[] buf = new byte[256];
        int n = codec.encodeEvent(new WireEvent.Ping(3), buf, 0);
        assertThat(codec.visitBatch(buf, 0, n, (a, b, c, d, e, f) -> { throw new AssertionError("visited"); })).isFalse();
        n = codec.encodeEvent(new WireEvent.ReplicationBatch(List.of(new ReplicationEvent(5, 1, new byte[8], 9))), buf, 0);
        int cut = n;
        assertThatThrownBy(() -> codec.visitBatch(buf, 0, cut - 3, (a, b, c, d, e, f) -> { }))
                .isInstanceOf(CodecException.class);
        buf[n] = 0;
        assertThatThrownBy(() -> codec.visitBatch(buf, 0, cut + 1, (a, b, c, d, e, f) -> { }))
                .isInstanceOf(CodecException.class).hasMessageContaining("trailing");
    }

    @Test
    void aBatchScannedFromAVisitorsCallbackAndOneAfterAFailureAreScannedWhole() throws Exception {
        byte[] outer = new byte[256];
        byte[] inner = new byte[256];
        int no = codec.encodeEvent(new WireEvent.ReplicationBatch(List.of(new ReplicationEvent(1, 1, new byte[2], 10),
                new ReplicationEvent(2, 1, new byte[2], 20))), outer, 0);
        int ni = codec.encodeEvent(new WireEvent.ReplicationBatch(List.of(new ReplicationEvent(7, 2, new byte[3], 70))),
                inner, 0);
        List<Long> seen = new ArrayList<>();
        codec.visitBatch(outer, 0, no, (nid, kind, b, off, len, tick) -> {
            seen.add(nid);
            try {
                codec.visitBatch(inner, 0, ni, (n2, k2, b2, o2, l2, t2) -> seen.add(n2 * 100));
            } catch (CodecException e) {
                throw new AssertionError(e);
            }
        });
        // The per-thread cursor is not shared with the nested scan: the outer one goes on where it was.
        assertThat(seen).containsExactly(1L, 700L, 2L, 700L);
        assertThatThrownBy(() -> codec.visitBatch(outer, 0, no - 1, (a, b, c, d, e, f) -> { }))
                .isInstanceOf(CodecException.class);
        seen.clear();
        assertThat(codec.visitBatch(inner, 0, ni, (nid, kind, b, off, len, tick) -> seen.add(tick))).isTrue();
        assertThat(seen).containsExactly(70L);
    }
}
