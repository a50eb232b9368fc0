package dev.aetheris.codec;

import static dev.aetheris.codec.GoldenVectorsTest.B1;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.aetheris.protocol.Sizes;
import dev.aetheris.protocol.error.CodecError;
import dev.aetheris.protocol.error.CodecException;
import dev.aetheris.protocol.event.FragmentedEvent;
import dev.aetheris.protocol.event.ReplicationEvent;
import dev.aetheris.protocol.event.WireEvent;
import dev.aetheris.protocol.fragment.Fragmenter;
import dev.aetheris.protocol.fragment.Reassembler;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** MAX_SAFE_PAYLOAD_SIZE and the Fragment envelope, as the protocol notes §1.4 compute them. */
class FragmentFramingTest {
    private final MsgpackCodec codec = new MsgpackCodec();

    @Test
    void codecIdentity() {
        assertThat(codec.codecId()).isEqualTo(1);
        assertThat(codec.maxEncodedSize()).isEqualTo(Sizes.MAX_SAFE_PAYLOAD_SIZE).isEqualTo(1200);
    }

    @Test
    void worstCaseEnvelopeIs25BytesSoAFullFragmentIs1161() throws CodecException {
        byte[] payload = new byte[Sizes.MAX_FRAGMENT_PAYLOAD_SIZE];
        assertThat(payload).hasSize(1136);
        WireEvent worst = new WireEvent.Fragment(new FragmentedEvent(0xffff_ffffL, 65535, 65535, payload));
        byte[] out = new byte[1200];
        int n = codec.encodeEvent(worst, out, 0);
        assertThat(n).isEqualTo(1161).isEqualTo(MsgpackCodec.fragmentFrameSize(0xffff_ffffL, 65535, 65535, 1136));
        assertThat(n - payload.length).isEqualTo(MsgpackCodec.MAX_FRAGMENT_ENVELOPE).isLessThanOrEqualTo(Sizes.FRAGMENT_OVERHEAD);
        // Smallest envelope: 81 + a8"Fragment" + 94 + three fixints + c4 ll = 16 bytes.
        assertThat(MsgpackCodec.fragmentFrameSize(0, 0, 1, 10) - 10).isEqualTo(16);
        assertThat(MsgpackCodec.fragmentFrameSize(0, 0, 1, 65535) - 65535).isEqualTo(17);
    }

    @Test
    void transformDeltaArithmetic() throws CodecException {
        byte[] out = new byte[64];
        // nid ≥ 256 and tick ≥ 65536: 94 + cd nnnn + 01 + c4 16 + 22 payload + ce tttttttt = 34 bytes.
        assertThat(codec.encodeBatchRecord(300, 1, B1, 0, B1.length, 70_000, out, 0)).isEqualTo(34);
        assertThat(codec.batchHeaderSize(0)).isEqualTo(19);
        assertThat(codec.batchHeaderSize(15)).isEqualTo(19);
        assertThat(codec.batchHeaderSize(16)).isEqualTo(21);
        // About 34 such deltas fit under 1200 before fragmentation.
        assertThat(codec.batchHeaderSize(34) + 34 * 34).isLessThanOrEqualTo(1200);
        assertThat(codec.batchHeaderSize(35) + 35 * 34).isGreaterThan(1200);
    }

    /**
     * A batch over 1200 bytes overflows the datagram buffer with the exact size; the full encoding
     * is then split into Fragment frames that each fit 1200 bytes and reassemble to the batch.
     */
    @Test
    void oversizedBatchIsFragmentedIntoSafeDatagrams() throws CodecException {
        List<ReplicationEvent> events = new ArrayList<>();
        for (int i = 0; i < 120; i++) {
            events.add(new ReplicationEvent(1000 + i, 1, B1, 70_000 + i));
        }
        WireEvent batch = new WireEvent.ReplicationBatch(events);
        int needed = codec.batchHeaderSize(120) + 120 * 34;
        byte[] datagram = new byte[codec.maxEncodedSize()];
        assertThatThrownBy(() -> codec.encodeEvent(batch, datagram, 0))
                .isInstanceOfSatisfying(CodecException.class, e -> assertThat(e.error())
                        .isEqualTo(new CodecError.BufferOverflow(needed, 1200)));

        byte[] whole = new byte[needed];
        assertThat(codec.encodeEvent(batch, whole, 0)).isEqualTo(needed);
        List<FragmentedEvent> parts = new Fragmenter().split(9, whole, 0, whole.length);
        assertThat(parts).hasSize((needed + 1135) / 1136);
        Reassembler reassembler = new Reassembler();
        byte[] joined = null;
        for (FragmentedEvent part : parts) {
            int n = codec.encodeEvent(new WireEvent.Fragment(part), datagram, 0);
            assertThat(n).isLessThanOrEqualTo(1200).isEqualTo(MsgpackCodec.fragmentFrameSize(part.messageId(),
                    part.fragmentIndex(), part.totalFragments(), part.payload().length));
            WireEvent back = codec.decodeEvent(datagram, 0, n);
            byte[] done = reassembler.ingest(5, ((WireEvent.Fragment) back).fragment());
            if (done != null) {
                joined = done;
            }
        }
        assertThat(joined).isNotNull();
        assertThat(Arrays.equals(joined, whole)).isTrue();
        assertThat(codec.decodeEvent(joined, 0, joined.length)).isEqualTo(batch);
    }
}
