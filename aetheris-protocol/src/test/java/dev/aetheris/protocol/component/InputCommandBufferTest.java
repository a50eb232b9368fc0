package dev.aetheris.protocol.component;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class InputCommandBufferTest {
    @Test
    void holdsACommandInColumnsAndGivesTheSameRecordBack() {
        List<PlayerInput> actions = new ArrayList<>();
        for (int i = 0; i < 11; i++) { // past the initial columns, so they grow mid-command
            actions.add(switch (i % 3) {
                case 0 -> new PlayerInput.Move(i, -i);
                case 1 -> new PlayerInput.ToggleMining(1000L + i);
                default -> new PlayerInput.FirePrimary();
            });
        }
        InputCommand command = new InputCommand(42, actions, InputCommand.ACTION_FIRE_WEAPON, 40);
        InputCommandBuffer b = new InputCommandBuffer().set(command);

        assertThat(b.tick()).isEqualTo(42);
        assertThat(b.actionCount()).isEqualTo(11);
        assertThat(b.actionKind(3)).isEqualTo(InputCommandBuffer.MOVE);
        assertThat(b.moveX(3)).isEqualTo(3f);
        assertThat(b.moveY(3)).isEqualTo(-3f);
        assertThat(b.actionKind(10)).isEqualTo(InputCommandBuffer.TOGGLE_MINING);
        assertThat(b.miningTarget(10)).isEqualTo(1010L);
        assertThat(b.actionKind(5)).isEqualTo(InputCommandBuffer.FIRE_PRIMARY);
        assertThat(b.toCommand()).isEqualTo(command);
    }

    @Test
    void resetForgetsThePreviousCommand() {
        InputCommandBuffer b = new InputCommandBuffer();
        b.set(new InputCommand(7, List.of(new PlayerInput.Move(1, 1)), InputCommand.ACTION_FIRE_WEAPON, 6));
        b.reset(8);
        assertThat(b.toCommand()).isEqualTo(new InputCommand(8, List.of(), 0, InputCommand.NO_TICK));
        assertThatThrownBy(() -> b.moveX(0)).isInstanceOf(IndexOutOfBoundsException.class)
                .hasMessageContaining("action 0 of 0");
    }
}
