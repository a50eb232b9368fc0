package dev.aetheris.codec.compact;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.aetheris.protocol.error.CodecError;
import dev.aetheris.protocol.error.CodecException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class GoldenPacketsTest {
    private final List<String> events = new ArrayList<>();
    private final SnapshotDecoder.Listener log = new SnapshotDecoder.Listener() {
        @Override
        public void snapshot(long seq, long tick) {
            events.add("snapshot " + seq + " tick " + tick);
        }

        @Override
        public void entered(long networkId, int kind) {
            events.add("entered " + networkId + " kind " + kind);
        }

        @Override
        public void changed(SnapshotState state, int i, int component) {
            events.add("changed " + state.id(i) + " component " + component);
        }

        @Override
        public void removed(long networkId) {
            events.add("removed " + networkId);
        }
    };

    private static SnapshotDecoder decoder() throws CodecException {
        byte[] schema = GoldenPackets.get("schema");
        return new SnapshotDecoder(SchemaMessage.decode(schema, 0, schema.length));
    }

    private boolean decode(SnapshotDecoder d, String name) throws CodecException {
        byte[] p = GoldenPackets.get(name);
        return d.decode(p, 0, p.length, log);
    }

    @Test
    void helloAndInputHeaderAreTheSpecsBytes() throws Exception {
        byte[] out = new byte[3];
        CompactFrames.writeHello(out, 0);
        assertThat(out).isEqualTo(GoldenPackets.get("hello"));
        assertThat(CompactFrames.isHello(out, 0, 3)).isTrue();
        byte[] input = GoldenPackets.get("input-ack-2-ping");
        assertThat(CompactFrames.inputAck(input, 0, input.length)).isEqualTo(2);
        byte[] header = new byte[6];
        CompactFrames.writeInputHeader(2, header, 0);
        assertThat(header).isEqualTo(java.util.Arrays.copyOf(input, 6));
    }

    @Test
    void theSchemaDecodesToTheSpecsFields() throws Exception {
        byte[] bytes = GoldenPackets.get("schema");
        CompactSchema s = SchemaMessage.decode(bytes, 0, bytes.length);
        assertThat(s.componentCount()).isEqualTo(2);
        assertThat(s.components().get(0).kind()).isEqualTo(1);
        assertThat(s.field(0)).isEqualTo(new CompactField(CompactType.F32, 13, 0, 0.25));
        assertThat(s.field(2)).isEqualTo(new CompactField(CompactType.F32, 32, 0, 0));
        assertThat(s.field(3)).isEqualTo(new CompactField(CompactType.F32, 11, -Math.PI, Math.PI / 512));
        assertThat(s.field(4)).isEqualTo(new CompactField(CompactType.UINT, 16, 0, 1));
        assertThat(s.components().get(1).kind()).isEqualTo(8);
        assertThat(s.field(5)).isEqualTo(new CompactField(CompactType.UINT, 10, 0, 1));
        byte[] again = new byte[SchemaMessage.size(s)];
        SchemaMessage.encode(s, again, 0);
        assertThat(again).isEqualTo(bytes);
    }

    @Test
    void theSnapshotsDecodeToTheSpecsStates() throws Exception {
        SnapshotDecoder d = decoder();
        assertThat(decode(d, "snapshot-1")).isTrue();
        assertThat(events).containsExactly("snapshot 1 tick 100", "entered 5 kind 2", "changed 5 component 0",
                "changed 5 component 1");
        SnapshotState s = d.current();
        assertThat(s.floatValue(0, 0)).isEqualTo(10.5f);
        assertThat(s.floatValue(0, 1)).isEqualTo(20f);
        assertThat(s.floatValue(0, 3)).isEqualTo(0f);
        assertThat(s.longValue(0, 5)).isEqualTo(500);
        assertThat(s.longValue(0, 6)).isEqualTo(500);
        events.clear();
        assertThat(decode(d, "snapshot-2")).isTrue();
        assertThat(events).containsExactly("snapshot 2 tick 101", "changed 5 component 0", "entered 7 kind 2",
                "changed 7 component 0");
        s = d.current();
        assertThat(s.floatValue(s.indexOf(5), 0)).isEqualTo(11f);
        assertThat(s.floatValue(s.indexOf(7), 0)).isEqualTo(1f);
        assertThat(s.mask(s.indexOf(7))).isEqualTo(1L);
        events.clear();
        assertThat(decode(d, "snapshot-3")).isTrue();
        assertThat(events).containsExactly("snapshot 3 tick 102", "removed 5");
        assertThat(d.current().size()).isEqualTo(1);
        assertThat(d.newestSequence()).isEqualTo(3);
    }

    @Test
    void aSnapshotWhoseBaselineIsNotHeldIsCountedNotApplied() throws Exception {
        SnapshotDecoder d = decoder();
        assertThat(decode(d, "snapshot-2")).isFalse(); // its baseline, snapshot 1, was lost
        assertThat(d.missingBaselines()).isEqualTo(1);
        assertThat(d.newestSequence()).isZero();
        assertThat(decode(d, "snapshot-1")).isTrue();
        assertThat(decode(d, "snapshot-1")).as("a duplicate").isFalse();
    }

    @Test
    void malformedSnapshotsAreTypedErrors() throws Exception {
        byte[] good = GoldenPackets.get("snapshot-1");
        for (int cut = 0; cut < good.length; cut++) {
            SnapshotDecoder d = decoder();
            byte[] p = java.util.Arrays.copyOf(good, cut);
            assertThatThrownBy(() -> d.decode(p, 0, p.length, log)).isInstanceOf(CodecException.class)
                    .satisfies(e -> assertThat(((CodecException) e).error()).isInstanceOf(CodecError.MalformedPayload.class));
        }
        byte[] trailing = java.util.Arrays.copyOf(good, good.length + 1);
        assertThatThrownBy(() -> decoder().decode(trailing, 0, trailing.length, log)).isInstanceOf(CodecException.class)
                .hasMessageContaining("trailing");
        byte[] padding = good.clone();
        padding[padding.length - 1] |= (byte) 0x80;
        assertThatThrownBy(() -> decoder().decode(padding, 0, padding.length, log)).isInstanceOf(CodecException.class)
                .hasMessageContaining("padding");
        byte[] badOp = good.clone();
        badOp[10] = (byte) (badOp[10] | 0x60); // the op bits of the first entry become 3
        assertThatThrownBy(() -> decoder().decode(badOp, 0, badOp.length, log)).isInstanceOf(CodecException.class)
                .hasMessageContaining("op 3");
        byte[] delta = GoldenPackets.get("snapshot-2").clone();
        delta[7] = 0; // no baseline, but its first entry is a delta
        assertThatThrownBy(() -> decoder().decode(delta, 0, delta.length, log)).isInstanceOf(CodecException.class)
                .hasMessageContaining("baseline lacks");
    }
}
