package dev.aetheris.codec;

import static dev.aetheris.codec.GoldenVectorsTest.hex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.aetheris.protocol.component.Components;
import dev.aetheris.protocol.component.InputCommand;
import dev.aetheris.protocol.component.PlayerInput;
import dev.aetheris.protocol.error.CodecError;
import dev.aetheris.protocol.error.CodecException;
import dev.aetheris.protocol.event.FragmentedEvent;
import dev.aetheris.protocol.event.WireEvent;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** The strict profile: what is accepted beyond canonical bytes, and what is rejected, where and why. */
class StrictDecodingTest {
    private final MsgpackCodec codec = new MsgpackCodec();

    private static String ascii(String s) {
        return java.util.HexFormat.of().formatHex(s.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    }

    private WireEvent decode(String hex) throws CodecException {
        byte[] b = hex(hex);
        return codec.decodeEvent(b, 0, b.length);
    }

    @ParameterizedTest(name = "{0}: {3}")
    @CsvSource(delimiter = '|', textBlock = """
            unknown variant         | 81 a5 426f677573 91 05                 | 1  | unknown variant 'Bogus' for WireEvent
            wrong case              | 81 a4 70696e67 91 05                   | 1  | wrongly-cased variant name 'ping' for WireEvent (expected 'Ping')
            wrong case unit         | ac 73746172745365737369 6f6e           | 0  | wrongly-cased variant name 'startSession'
            integer variant index   | 81 00 91 05                            | 1  | integer variant index for WireEvent is not accepted
            bare int unit variant   | 07                                     | 0  | expected enum variant (name string or 1-entry map) for WireEvent, found unsigned integer
            map-form body (F1)      | 81 a4 50696e67 81 a4 7469636b 05       | 6  | map-form struct body for Ping is not accepted
            map-wrapped unit        | 81 ac 53746172745365737369 6f6e c0     | 1  | unit variant StartSession of WireEvent must be a bare string, not map-wrapped
            bare non-unit variant   | a4 50696e67                            | 0  | variant Ping of WireEvent needs a body
            two-entry enum map      | 82 a4 50696e67 91 05 a4 50696e67 91 05 | 0  | enum WireEvent must be a 1-entry map, found 2 entries
            extra element (F10)     | 81 a4 50696e67 92 05 06                | 6  | wrong arity for Ping: expected 1 fields, found 2
            missing element         | 81 a4 50696e67 90                      | 6  | wrong arity for Ping: expected 1 fields, found 0
            int where bool belongs  | 81 aa 5374726573735465737 4 92 05 01   | 14 | expected bool for rotate, found unsigned integer
            array where bin belongs | 81 a8 467261676d656e74 94 07 01 03 91 de | 14 | expected bin for payload, found array
            str where bin belongs   | 81 a8 467261676d656e74 94 07 01 03 a1 41 | 14 | expected bin for payload, found string
            u16 out of range        | 81 aa 53747265737354657374 92 ce 00010000 c3 | 13 | integer 65536 out of range for u16 count
            negative into u64       | 81 a4 50696e67 91 ff                   | 7  | integer -1 out of range for u64 tick
            trailing bytes (F5)     | 81 a4 50696e67 91 05 00                | 8  | trailing bytes after a complete value (1 bytes)
            truncated               | 81 a4 50696e67 91 cd 03                | 7  | unexpected end of input
            nested too deep         | 81 a4 50696e67 91 91 05                | 7  | expected unsigned integer for tick, found array
            non-canonical str       | 81 d9 04 50696e67 91 05                | 1  | non-canonical string header for WireEvent
            non-canonical array     | 81 a4 50696e67 dc 0001 05              | 6  | non-canonical array header for Ping
            huge array length       | 81 b0 5265706c69636174696f6e4261746368 dd ffffffff | 18 | exceeds the remaining input
            non-finite spawn        | 81 a5 537061776e 94 01 ca 7fc00000 ca 00000000 ca 00000000 | 9 | x must be finite
            reserved byte           | c1                                     | 0  | found reserved byte 0xc1
            bin where str belongs   | 81 a4 41757468 91 c4 03 746f6b         | 7  | expected string for session_token, found bin
            ext value               | 81 a4 50696e67 91 d4 01 05             | 7  | expected unsigned integer for tick, found ext
            unsorted manifest keys  | 81 a9 47616d654576656e74 81 ae 53797374656d4d616e6966657374 91 82 a1 62 a0 a1 61 a0 | 32 | manifest keys must be unique and in ascending order
            """)
    void rejectsWithOffsetAndReason(String name, String hex, int offset, String reason) {
        assertThatThrownBy(() -> decode(hex))
                .isInstanceOfSatisfying(CodecException.class, e -> {
                    assertThat(e.error()).isInstanceOf(CodecError.MalformedPayload.class);
                    CodecError.MalformedPayload m = (CodecError.MalformedPayload) e.error();
                    assertThat(m.reason()).contains(reason);
                    assertThat(m.offset()).as("offset").isEqualTo(offset);
                    assertThat(e.getMessage()).isEqualTo(m.reason() + " at byte " + offset);
                });
    }

    @Test
    void emptyInputIsRejectedAtByteZero() {
        assertThatThrownBy(() -> codec.decodeEvent(new byte[0], 0, 0))
                .isInstanceOfSatisfying(CodecException.class, e -> assertThat(e.error())
                        .isEqualTo(new CodecError.MalformedPayload(0, "empty input")));
        assertThatThrownBy(() -> codec.decode(new byte[4], 2, 0)).isInstanceOf(CodecException.class);
    }

    @Test
    void acceptsIntegersOfAnyWidthThatFit() throws CodecException {
        assertThat(decode("81 a4 50696e67 91 cf 0000000000000005")).isEqualTo(new WireEvent.Ping(5)); // F7
        assertThat(decode("81 a4 50696e67 91 d0 05")).isEqualTo(new WireEvent.Ping(5));
        assertThat(decode("81 a4 50696e67 91 cd 0005")).isEqualTo(new WireEvent.Ping(5));
        assertThat(decode("81 aa 53747265737354657374 92 cf 000000000000ffff c2"))
                .isEqualTo(new WireEvent.StressTest(65535, false));
    }

    @Test
    void acceptsF32GivenAsF64OrInteger() throws CodecException {
        // Spawn{1, x: f64 10.5, y: int -3, rot: uint 0}  (F8)
        assertThat(decode("81 a5 537061776e 94 01 cb 4025000000000000 fd 00"))
                .isEqualTo(new WireEvent.Spawn(1, 10.5f, -3f, 0f));
    }

    @Test
    void offsetsCountFromTheSliceStart() {
        byte[] buf = hex("ff ff ff 81 a4 50696e67 91 05 00");
        assertThatThrownBy(() -> codec.decodeEvent(buf, 3, buf.length - 3))
                .isInstanceOfSatisfying(CodecException.class, e -> assertThat(e.error())
                        .isEqualTo(new CodecError.MalformedPayload(8, "trailing bytes after a complete value (1 bytes)")));
    }

    @Test
    void decodesCanonicalFramesOfEveryKind() throws CodecException {
        assertThat(decode("81 ad %s 92 65 01".formatted(ascii("EntitySpawned"))))
                .isEqualTo(new WireEvent.EntitySpawned(101, 1));
        assertThat(decode("81 af %s 91 65".formatted(ascii("EntityDespawned"))))
                .isEqualTo(new WireEvent.EntityDespawned(101));
        assertThat(decode("81 a8 467261676d656e74 94 07 01 03 c4 00"))
                .isEqualTo(new WireEvent.Fragment(new FragmentedEvent(7, 1, 3, new byte[0])));
    }

    @Test
    void inputCommandStrictShape() throws CodecException {
        // [77, [{"Move":[1.0,0.0]}, "FirePrimary", {"ToggleMining":[500]}], 4, 70]
        byte[] ok = hex("94 4d 93 81 a4 4d6f7665 92 ca 3f800000 ca 00000000 ab 46697265507269 6d617279"
                + " 81 ac 546f67676c654d696e696e67 91 cd 01f4 04 46");
        InputCommand cmd = codec.decodeInput(ok, 0, ok.length);
        assertThat(cmd).isEqualTo(new InputCommand(77, List.of(new PlayerInput.Move(1f, 0f), new PlayerInput.FirePrimary(),
                new PlayerInput.ToggleMining(500)), 4, 70));
        assertThat(ComponentValues.decode(Components.INPUT_COMMAND, ok)).isEqualTo(Map.of(
                "tick", 77L,
                "actions", List.of(new EnumValue("Move", Map.of("x", 1f, "y", 0f)), EnumValue.unit("FirePrimary"),
                        new EnumValue("ToggleMining", Map.of("target", 500L))),
                "actions_mask", 4L,
                "last_seen_input_tick", 70L));

        byte[] maskTooWide = hex("94 4d 90 cf 0000000100000000 c0");
        assertThatThrownBy(() -> codec.decodeInput(maskTooWide, 0, maskTooWide.length))
                .hasMessage("integer 4294967296 out of range for u32 actions_mask at byte 3");
        byte[] nanMove = hex("94 4d 91 81 a4 4d6f7665 92 ca 7f800000 ca 00000000 00 c0");
        assertThatThrownBy(() -> codec.decodeInput(nanMove, 0, nanMove.length))
                .hasMessage("x must be finite, got Infinity at byte 10");
        byte[] tooMany = new byte[3 + 3 + 129];
        tooMany[0] = (byte) 0x94;
        tooMany[1] = 0x01;
        tooMany[2] = (byte) 0xdc;
        tooMany[3] = 0;
        tooMany[4] = (byte) 129;
        assertThatThrownBy(() -> codec.decodeInput(tooMany, 0, tooMany.length))
                .hasMessage("actions has 129 elements, over the limit of 128 at byte 2");
    }

    @Test
    void mapFormHeadersAndDefaultedFieldsAreRejected() {
        // G2: the replication header in map form.
        byte[] mapHeader = hex("83 aa 6e6574776f726b5f6964 65 ae 636f6d706f6e656e745f6b696e64 01 a4 7469636b 01 aa");
        assertThatThrownBy(() -> codec.decode(mapHeader, 0, mapHeader.length))
                .hasMessage("map-form struct body for replication header is not accepted (structs are arrays) at byte 0");
        // G7: MiningBeam without its #[serde(default)] fields (rmp-serde fills them in; we do not).
        byte[] shortBeam = hex("92 c3 c0");
        assertThatThrownBy(() -> ComponentValues.decode(Components.MINING_BEAM, shortBeam))
                .hasMessage("wrong arity for MiningBeam: expected 4 fields, found 2 at byte 0");
    }

    @Test
    void stringLimitsOfComponentsAreEnforced() throws CodecException {
        String name65 = "n".repeat(65);
        byte[] room = hex("94 d9 41 " + "6e".repeat(65) + " 0a a4 4f70656e c2");
        assertThatThrownBy(() -> ComponentValues.decode(Components.ROOM_DEFINITION, room))
                .hasMessage("name is 65 bytes, over the limit of 64 at byte 1");
        byte[] ok = hex("94 d9 40 " + "6e".repeat(64) + " 0a 81 aa 5065726d697373696f6e a3 6b6579 c3");
        assertThat(ComponentValues.decode(Components.ROOM_DEFINITION, ok)).isEqualTo(Map.of(
                "name", name65.substring(1), "capacity", 10L, "access", new EnumValue("Permission", "key"),
                "is_template", true));
        byte[] badUtf8 = hex("91 a2 c3 28");
        assertThatThrownBy(() -> ComponentValues.decode(Components.PLAYER_NAME, badUtf8))
                .hasMessage("invalid UTF-8 in name at byte 2");
    }
}
