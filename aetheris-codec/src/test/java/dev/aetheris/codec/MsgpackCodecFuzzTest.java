package dev.aetheris.codec;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.aetheris.protocol.Sizes;
import dev.aetheris.protocol.component.ComponentSchema;
import dev.aetheris.protocol.component.Components;
import dev.aetheris.protocol.component.InputCommand;
import dev.aetheris.protocol.component.PlayerInput;
import dev.aetheris.protocol.error.CodecError;
import dev.aetheris.protocol.error.CodecException;
import dev.aetheris.protocol.event.ComponentUpdate;
import dev.aetheris.protocol.event.ReplicationEvent;
import dev.aetheris.protocol.event.WireEvent;
import dev.aetheris.protocol.seam.Codec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Coverage-guided fuzzing of every decode entry point the server feeds with client bytes. In the
 * normal test run each method replays its corpus ({@code MsgpackCodecFuzzTestInputs/<method>/});
 * with {@code JAZZER_FUZZ=1} Jazzer mutates new inputs (see docs/SECURITY.md, "Fuzzing").
 *
 * <p>Each target asserts more than "no crash": only {@link CodecException} with an error whose
 * offset lies inside the input, decoding is independent of where the frame sits in its buffer,
 * anything accepted re-encodes to bytes that decode to the same value, and the in-place batch scan
 * agrees with the full decode.
 */
class MsgpackCodecFuzzTest {
    private static final int PAD = 5;
    private final MsgpackCodec codec = new MsgpackCodec();

    @FuzzTest
    void decodeEvent(byte[] in) throws CodecException {
        WireEvent event = decodeOrNull(() -> codec.decodeEvent(in, 0, in.length), in);
        byte[] padded = padded(in);
        WireEvent shifted = decodeOrNull(() -> codec.decodeEvent(padded, PAD, in.length), in);
        assertThat(shifted).isEqualTo(event);

        // The tick scans batches in place before a full decode: both must agree on every input.
        List<ReplicationEvent> visited = new ArrayList<>();
        Boolean isBatch = decodeOrNull(() -> codec.visitBatch(in, 0, in.length,
                (nid, kind, buf, off, len, tick) -> visited.add(
                        new ReplicationEvent(nid, kind, Arrays.copyOfRange(buf, off, off + len), tick))), in);
        if (event instanceof WireEvent.ReplicationBatch batch) {
            assertThat(isBatch).isTrue();
            assertThat(visited).isEqualTo(batch.events());
        } else {
            assertThat(isBatch).isNotEqualTo(Boolean.TRUE);
        }
        assertThat(codec.classify(in, 0, in.length)).isIn(Codec.FrameKind.EVENT, Codec.FrameKind.REPLICATION);
        if (event == null) {
            return;
        }
        assertThat(codec.classify(in, 0, in.length)).isEqualTo(Codec.FrameKind.EVENT);
        // The canonical re-encoding decodes to the same event and is no longer than what was accepted,
        // except that an f32 sent as a 1-byte integer (accepted, as upstream) re-encodes in 5 bytes.
        byte[] out = new byte[in.length + 16];
        int n = codec.encodeEvent(event, out, 0);
        assertThat(n).isLessThanOrEqualTo(in.length + 4 * floats(event));
        assertThat(codec.decodeEvent(out, 0, n)).isEqualTo(event);
    }

    @FuzzTest
    void decodeReplicationFrame(byte[] in) throws CodecException {
        ComponentUpdate update = decodeOrNull(() -> codec.decode(in, 0, in.length), in);
        byte[] padded = padded(in);
        ComponentUpdate shifted = decodeOrNull(() -> codec.decode(padded, PAD, in.length), in);
        if (update == null) {
            assertThat(shifted).isNull();
            return;
        }
        assertThat(shifted).isEqualTo(update);
        assertThat(update.payload().length).isLessThan(in.length);
        byte[] out = new byte[in.length + 16];
        int n = codec.encode(new ReplicationEvent(update.networkId(), update.componentKind(), update.payload(),
                update.tick()), out, 0);
        assertThat(n).isLessThanOrEqualTo(in.length);
        assertThat(codec.decode(out, 0, n)).isEqualTo(update);
    }

    @FuzzTest
    void decodeInput(byte[] in) throws CodecException {
        InputCommand input = decodeOrNull(() -> codec.decodeInput(in, 0, in.length), in);
        byte[] padded = padded(in);
        assertThat(decodeOrNull(() -> codec.decodeInput(padded, PAD, in.length), in)).isEqualTo(input);
        if (input == null) {
            return;
        }
        // What reaches the world is bounded and finite, whatever the client sent.
        assertThat(input.actions()).hasSizeLessThanOrEqualTo(Sizes.MAX_INPUT_ACTIONS);
        assertThat(input.actionsMask()).isBetween(0L, 0xffff_ffffL);
        for (PlayerInput a : input.actions()) {
            if (a instanceof PlayerInput.Move m) {
                assertThat(Float.isFinite(m.x()) && Float.isFinite(m.y())).isTrue();
            }
        }
        byte[] bytes = ComponentValues.encode(Components.INPUT_COMMAND, ComponentValues.decode(Components.INPUT_COMMAND, in));
        assertThat(codec.decodeInput(bytes, 0, bytes.length)).isEqualTo(input);
    }

    /** The first byte picks the schema, the rest is the component payload. */
    @FuzzTest
    void decodeComponent(byte[] data) throws CodecException {
        if (data.length == 0) {
            return;
        }
        ComponentSchema schema = Components.ALL.get(Byte.toUnsignedInt(data[0]) % Components.ALL.size());
        byte[] in = Arrays.copyOfRange(data, 1, data.length);
        Object value = decodeOrNull(() -> ComponentValues.decode(schema, in), in);
        if (value == null) {
            return;
        }
        byte[] again = ComponentValues.encode(schema, value);
        // Bounded: an accepted byte re-encodes to at most five (an f32 sent as a positive fixint).
        assertThat(again.length).isLessThanOrEqualTo(5 * in.length);
        assertThat(ComponentValues.decode(schema, again)).isEqualTo(value);
    }

    private static int floats(WireEvent event) {
        return switch (event) {
            case WireEvent.Spawn s -> 3;
            case WireEvent.GameEvent(dev.aetheris.protocol.event.GameEvent.RespawnEvent r) -> 2;
            default -> 0;
        };
    }

    interface Decode<T> {
        T run() throws CodecException;
    }

    /** The decoded value, or null after a typed error that points inside the input. */
    private static <T> T decodeOrNull(Decode<T> decode, byte[] in) {
        try {
            return decode.run();
        } catch (CodecException e) {
            assertThat(e.error()).isNotNull();
            assertThat(e.getMessage()).isNotBlank();
            if (e.error() instanceof CodecError.MalformedPayload m) {
                assertThat(m.offset()).isBetween(0, in.length);
            }
            return null;
        }
    }

    private static byte[] padded(byte[] in) {
        byte[] p = new byte[in.length + 2 * PAD];
        Arrays.fill(p, (byte) 0xc1); // never-used marker: reading past the frame would fail loudly
        System.arraycopy(in, 0, p, PAD, in.length);
        return p;
    }
}
