package dev.aetheris.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.aetheris.protocol.error.CodecException;
import dev.aetheris.protocol.event.WireEvent;
import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/**
 * {@code JoinRoom} is this project's event, shaped as upstream's serde would write a one-field
 * struct variant (the same shape as {@code Auth}); these bytes are the documented golden vector.
 */
class JoinRoomWireTest {
    private static final HexFormat HEX = HexFormat.of();
    /** {@code 81 a8 "JoinRoom" 91 a2 "r1"}: map of one, variant name, one-field array, the string. */
    static final String GOLDEN = "81a84a6f696e526f6f6d91a27231";

    private final MsgpackCodec codec = new MsgpackCodec();

    @Test
    void encodesToTheGoldenBytes() throws CodecException {
        byte[] out = new byte[64];
        int n = codec.encodeEvent(new WireEvent.JoinRoom("r1"), out, 0);
        assertThat(HEX.formatHex(Arrays.copyOf(out, n))).isEqualTo(GOLDEN);
    }

    @Test
    void decodesTheGoldenBytes() throws CodecException {
        byte[] in = HEX.parseHex(GOLDEN);
        assertThat(codec.decodeEvent(in, 0, in.length)).isEqualTo(new WireEvent.JoinRoom("r1"));
    }

    @Test
    void refusesAnOverlongReservationAndTheMapFormBody() {
        byte[] out = new byte[2048];
        String big = "x".repeat(1025);
        int n;
        try {
            n = codec.encodeEvent(new WireEvent.JoinRoom(big), out, 0);
        } catch (CodecException e) {
            throw new AssertionError(e);
        }
        byte[] frame = Arrays.copyOf(out, n);
        assertThatThrownBy(() -> codec.decodeEvent(frame, 0, frame.length)).isInstanceOf(CodecException.class);
        // {"JoinRoom": {"reservation": "r1"}}: struct bodies are arrays, never maps.
        byte[] mapForm = HEX.parseHex("81a84a6f696e526f6f6d81ab7265736572766174696f6ea27231");
        assertThatThrownBy(() -> codec.decodeEvent(mapForm, 0, mapForm.length)).isInstanceOf(CodecException.class);
    }
}
