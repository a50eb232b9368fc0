package dev.aetheris.codec;

import static dev.aetheris.codec.GoldenVectorsTest.B1;
import static dev.aetheris.codec.GoldenVectorsTest.hex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.aetheris.protocol.component.Components;
import dev.aetheris.protocol.component.InputCommand;
import dev.aetheris.protocol.component.PlayerInput;
import dev.aetheris.protocol.error.CodecException;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The reused writer the world fills: rmp-serde bytes from schema walks, and loud schema violations. */
class ComponentWriterTest {
    private final MsgpackCodec codec = new MsgpackCodec();
    private final byte[] buf = new byte[256];

    private byte[] written() {
        return Arrays.copyOf(buf, codec.componentLength());
    }

    @Test
    void transformMatchesVectorB1() {
        codec.componentWriter(Components.TRANSFORM, buf, 0, buf.length)
                .f32(10.5f).f32(-3.25f).f32(0f).f32(1.5f).uint(1).end();
        assertThat(written()).isEqualTo(B1);
    }

    @Test
    void writesAtAnOffset() {
        codec.componentWriter(Components.CARGO_DROP, buf, 10, 20).uint(300).end();
        assertThat(codec.componentLength()).isEqualTo(4);
        assertThat(Arrays.copyOfRange(buf, 10, 14)).isEqualTo(hex("91 cd 012c"));
    }

    @Test
    void inputCommandRoundTripsThroughDecodeInput() throws CodecException {
        codec.componentWriter(Components.INPUT_COMMAND, buf, 0, buf.length)
                .uint(77)
                .sequence(3)
                .variant(Components.INPUT_MOVE).f32(1f).f32(-0.5f)
                .variant(Components.INPUT_FIRE_PRIMARY)
                .variant(Components.INPUT_TOGGLE_MINING).uint(500)
                .uint(InputCommand.ACTION_FIRE_WEAPON)
                .none()
                .end();
        byte[] b = written();
        assertThat(b).isEqualTo(hex("94 4d 93 81 a4 4d6f7665 92 ca 3f800000 ca bf000000 ab 46697265507269 6d617279"
                + " 81 ac 546f67676c654d696e696e67 91 cd 01f4 04 c0"));
        assertThat(codec.decodeInput(b, 0, b.length)).isEqualTo(new InputCommand(77, List.of(
                new PlayerInput.Move(1f, -0.5f), new PlayerInput.FirePrimary(), new PlayerInput.ToggleMining(500)),
                4, InputCommand.NO_TICK));
    }

    @Test
    void enumsOptionsNewtypesAndNewtypeVariants() {
        codec.componentWriter(Components.SHIP_CLASS, buf, 0, buf.length).variant(Components.SHIP_CLASS_HAULER).end();
        assertThat(written()).isEqualTo(hex("a6 4861756c6572"));
        codec.componentWriter(Components.ROOM_MEMBERSHIP, buf, 0, buf.length).uint(101).end();
        assertThat(written()).isEqualTo(hex("65"));
        codec.componentWriter(Components.MINING_BEAM, buf, 0, buf.length).bool(true).none().f32(2f).uint(3).end();
        assertThat(written()).isEqualTo(hex("94 c3 c0 ca 40000000 03"));
        codec.componentWriter(Components.MINING_BEAM, buf, 0, buf.length).bool(false).uint(200).f32(2f).uint(3).end();
        assertThat(written()).isEqualTo(hex("94 c2 cc c8 ca 40000000 03"));
        codec.componentWriter(Components.ROOM_DEFINITION, buf, 0, buf.length)
                .str("lobby").uint(8).variant(Components.ROOM_ACCESS_PERMISSION).str("vip").bool(false).end();
        assertThat(written()).isEqualTo(hex("94 a5 6c6f626279 08 81 aa 5065726d697373696f6e a3 766970 c2"));
        codec.componentWriter(Components.PROJECTILE_MARKER, buf, 0, buf.length)
                .variant(Components.PROJECTILE_SEEKER_MISSILE).uint(70000).end();
        assertThat(written()).isEqualTo(hex("92 ad 5365656b65724d697373696c65 ce 00011170"));
    }

    @Test
    void schemaViolationsAreProgrammingErrors() {
        assertThatThrownBy(() -> codec.componentWriter(Components.TRANSFORM, buf, 0, buf.length).bool(true))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("schema expects f32 here, got bool");
        assertThatThrownBy(() -> codec.componentWriter(Components.CARGO_DROP, buf, 0, buf.length).uint(65536))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("does not fit u16");
        assertThatThrownBy(() -> codec.componentWriter(Components.CARGO_DROP, buf, 0, buf.length).end())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("incomplete");
        assertThatThrownBy(() -> codec.componentWriter(Components.CARGO_DROP, buf, 0, buf.length).uint(1).uint(2))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("already complete");
        assertThatThrownBy(() -> codec.componentWriter(Components.PLAYER_NAME, buf, 0, buf.length).str("x".repeat(65)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("over the limit of 64");
        assertThatThrownBy(() -> codec.componentWriter(Components.SHIP_CLASS, buf, 0, buf.length).variant(3))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("no variant 3");
        assertThatThrownBy(() -> codec.componentWriter(Components.INPUT_COMMAND, buf, 0, buf.length).uint(1).sequence(129))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("limit 128");
    }

    @Test
    void overflowNamesTheSizeNeeded() {
        assertThatThrownBy(() -> codec.componentWriter(Components.TRANSFORM, buf, 0, 10)
                .f32(1).f32(2).f32(3).f32(4).uint(1).end())
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("component transform needs 22 bytes, 10 available");
        assertThat(buf[10]).as("nothing written past the limit").isZero();
    }
}
