package dev.aetheris.replication;

import static dev.aetheris.replication.TestSchemas.SHIPS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.aetheris.protocol.component.Components;
import org.junit.jupiter.api.Test;

class ReplicationSchemaTest {

    @Test
    void fieldsAreTheLeavesOfTheProtocolLayoutInOrder() {
        ReplicatedComponent t = SHIPS.componentAt(TestSchemas.TRANSFORM);
        assertThat(t.wire()).isSameAs(Components.TRANSFORM);
        assertThat(t.fieldCount()).isEqualTo(5);
        assertThat(SHIPS.fieldAt(t.firstField()).name()).isEqualTo("x");
        assertThat(SHIPS.fieldAt(t.firstField() + 4).name()).isEqualTo("entity_type");
        assertThat(SHIPS.fieldAt(t.firstField() + 4).type()).isEqualTo(FieldType.UINT);
        // Handles are contiguous over components, in declaration order.
        assertThat(SHIPS.componentAt(TestSchemas.VELOCITY).firstField()).isEqualTo(5);
        assertThat(SHIPS.fieldCount()).isEqualTo(5 + 3 + 2 + 2 + 1 + 1 + 4 + 1);
    }

    @Test
    void nonStructLayoutsHaveOneFieldCalledValue() {
        assertThat(SHIPS.fieldAt(TestSchemas.CLASS_VALUE).type()).isEqualTo(FieldType.ENUM);
        assertThat(SHIPS.fieldAt(TestSchemas.CLASS_VALUE).max()).isEqualTo(2);
        int member = SHIPS.field(Components.ROOM_MEMBERSHIP, "value");
        assertThat(SHIPS.fieldAt(member).type()).isEqualTo(FieldType.UINT); // newtype is transparent
    }

    @Test
    void optionalIdsAndStringsAndBoolsAreRecognised() {
        assertThat(SHIPS.fieldAt(TestSchemas.BEAM_TARGET).type()).isEqualTo(FieldType.OPTIONAL_ID);
        assertThat(SHIPS.fieldAt(TestSchemas.PILOT).type()).isEqualTo(FieldType.STRING);
        assertThat(SHIPS.fieldAt(TestSchemas.BEAM_ON).type()).isEqualTo(FieldType.BOOL);
    }

    @Test
    void rangesAndPrecisionGiveTheQuantizedWidth() {
        ReplicatedField x = SHIPS.fieldAt(TestSchemas.X);
        assertThat(x.min()).isEqualTo(-2048);
        assertThat(x.precision()).isEqualTo(0.01);
        assertThat(x.quantizedBits()).isEqualTo(19); // 409,600 steps
        assertThat(SHIPS.fieldAt(TestSchemas.ROT).quantizedBits()).isEqualTo(13); // 4,097 values
        assertThat(SHIPS.fieldAt(TestSchemas.HULL_NOW).quantizedBits()).isEqualTo(11); // 0..1500
        assertThat(SHIPS.fieldAt(TestSchemas.DX).quantizedBits()).isEqualTo(32); // no range: exact f32
        assertThat(SHIPS.fieldAt(TestSchemas.ORE).quantizedBits()).isEqualTo(16); // u16 default
        assertThat(SHIPS.fieldAt(TestSchemas.BEAM_ON).quantizedBits()).isEqualTo(1);
    }

    @Test
    void visibilityAndPositionAreDeclared() {
        assertThat(SHIPS.componentAt(TestSchemas.CARGO).visibility()).isEqualTo(Visibility.OWNER);
        assertThat(SHIPS.componentAt(TestSchemas.TRANSFORM).visibility()).isEqualTo(Visibility.EVERYONE);
        assertThat(SHIPS.positionX()).isEqualTo(TestSchemas.X);
        assertThat(SHIPS.positionY()).isEqualTo(TestSchemas.Y);
        assertThat(SHIPS.componentOfKind(Components.TRANSFORM.kind())).isEqualTo(TestSchemas.TRANSFORM);
        assertThat(SHIPS.componentOfKind(Components.WEAPON.kind())).isEqualTo(ReplicationSchema.ABSENT);
    }

    @Test
    void layoutsTheStoreCannotHoldAreRefusedWithTheirName() {
        assertThatThrownBy(() -> ReplicationSchema.builder().component(Components.INPUT_COMMAND, Visibility.OWNER))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("input_command")
                .hasMessageContaining("actions");
    }

    @Test
    void badDeclarationsAreRefused() {
        assertThatThrownBy(() -> ReplicationSchema.builder().component(Components.TRANSFORM, Visibility.EVERYONE)
                .component(Components.TRANSFORM, Visibility.OWNER)).hasMessageContaining("twice");
        assertThatThrownBy(() -> ReplicationSchema.builder().component(Components.TRANSFORM, Visibility.EVERYONE)
                .range("x", 5, 5, 0.1)).hasMessageContaining("min < max");
        assertThatThrownBy(() -> ReplicationSchema.builder().component(Components.HULL_POOL, Visibility.EVERYONE)
                .range("current", 0, 70000, 1)).hasMessageContaining("[0, 65535]");
        assertThatThrownBy(() -> ReplicationSchema.builder().component(Components.HULL_POOL, Visibility.EVERYONE)
                .range("nope", 0, 1, 1)).hasMessageContaining("no field 'nope'");
        assertThatThrownBy(() -> ReplicationSchema.builder().component(Components.MINING_BEAM, Visibility.EVERYONE)
                .range("active", 0, 1, 1)).hasMessageContaining("no range");
        assertThatThrownBy(() -> ReplicationSchema.builder().component(Components.TRANSFORM, Visibility.EVERYONE)
                .position(Components.TRANSFORM, "x", "entity_type").build()).hasMessageContaining("f32");
        assertThatThrownBy(() -> ReplicationSchema.builder().build()).hasMessageContaining("at least one");
        assertThatThrownBy(() -> SHIPS.field(Components.WEAPON, "cooldown_ticks"))
                .hasMessageContaining("weapon is not in this replication schema");
    }
}
