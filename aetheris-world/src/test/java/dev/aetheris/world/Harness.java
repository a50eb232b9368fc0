package dev.aetheris.world;

import dev.aetheris.protocol.component.InputCommand;
import dev.aetheris.protocol.component.PlayerInput;
import dev.aetheris.protocol.error.WorldException;
import dev.aetheris.protocol.event.GameEvent;
import dev.aetheris.testkit.RecordingReplicationSink;
import java.util.ArrayList;
import java.util.List;

/** Drives a world the way the tick does and keeps what it reported. */
final class Harness {
    /** A reliable event with its target and the tick it was drained in. */
    record Sent(long tick, long target, GameEvent event) {
    }

    final PlaygroundWorld world;
    final RecordingReplicationSink sink;
    final List<Sent> events = new ArrayList<>();

    Harness(PlaygroundWorld world, RecordingReplicationSink sink) {
        this.world = world;
        this.sink = sink;
    }

    static Harness recording(WorldConfig config) {
        return new Harness(new PlaygroundWorld(config), RecordingReplicationSink.recording());
    }

    static WorldConfig empty() {
        return WorldConfig.small(42).withPopulation(0, 0);
    }

    /** advanceTick, (inputs by the caller before), simulate, extract, drain events, postExtract. */
    void step() {
        world.simulate();
        world.extractChanges(sink);
        long t = world.tick();
        world.extractReliableEvents((target, ev) -> events.add(new Sent(t, target, ev)));
        world.postExtract();
    }

    /** A full tick without inputs. */
    void tick() {
        world.advanceTick();
        step();
    }

    void ticks(int n) {
        for (int i = 0; i < n; i++) {
            tick();
        }
    }

    /** A full tick with one input from {@code client} on {@code ship}. */
    void tickWith(long client, long ship, InputCommand cmd) throws WorldException {
        world.advanceTick();
        world.applyInput(client, ship, cmd);
        step();
    }

    <T extends GameEvent> List<T> events(Class<T> type) {
        List<T> out = new ArrayList<>();
        for (Sent s : events) {
            if (type.isInstance(s.event())) {
                out.add(type.cast(s.event()));
            }
        }
        return out;
    }

    static InputCommand move(long tick, float x, float y) {
        return new InputCommand(tick, List.of(new PlayerInput.Move(x, y)), 0, InputCommand.NO_TICK);
    }

    static InputCommand fire(long tick) {
        return new InputCommand(tick, List.of(), InputCommand.ACTION_FIRE_WEAPON, InputCommand.NO_TICK);
    }

    static InputCommand toggleMining(long tick, long target) {
        return new InputCommand(tick, List.of(new PlayerInput.ToggleMining(target)), 0, InputCommand.NO_TICK);
    }
}
