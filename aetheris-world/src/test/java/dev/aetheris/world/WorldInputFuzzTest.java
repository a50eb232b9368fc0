package dev.aetheris.world;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.aetheris.protocol.Sizes;
import dev.aetheris.protocol.component.EntityKinds;
import dev.aetheris.protocol.component.InputCommand;
import dev.aetheris.protocol.component.PlayerInput;
import dev.aetheris.protocol.error.WorldException;
import dev.aetheris.testkit.RecordingReplicationSink;
import java.util.ArrayList;
import java.util.List;

/**
 * Coverage-guided fuzzing of the world's input checks: what a client may send (InputCommands for
 * any entity, with any ticks, axes, action lists and bits) and what an admin may send (Spawn,
 * StressTest, ClearWorld), interleaved with ticks. The corpus replays in the normal test run;
 * {@code -Pfuzz} explores.
 *
 * <p>Invariants: only {@link WorldException} escapes; inputs with non-finite axes, unknown bits,
 * too many actions or someone else's ship are always refused; every ship stays finite and under
 * terminal speed; and two worlds fed the same hostile stream stay identical (determinism).
 */
class WorldInputFuzzTest {
    private static final long[] CLIENTS = {1, 2};
    /** Both axes at 1 give a diagonal thrust of sqrt(2), still capped at the max velocity of 100. */
    private static final float TERMINAL_SPEED = 100.001f;

    @FuzzTest
    void hostileInputs(FuzzedDataProvider data) throws WorldException {
        PlaygroundWorld a = new PlaygroundWorld(WorldConfig.defaults(7).withPopulation(2, 1));
        PlaygroundWorld b = new PlaygroundWorld(WorldConfig.defaults(7).withPopulation(2, 1));
        RecordingReplicationSink sink = RecordingReplicationSink.counting();
        List<Long> known = new ArrayList<>();
        for (long client : CLIENTS) {
            long ship = a.spawnSessionShip(EntityKinds.INTERCEPTOR, 0, 0, 0, client);
            assertThat(b.spawnSessionShip(EntityKinds.INTERCEPTOR, 0, 0, 0, client)).isEqualTo(ship);
            known.add(ship);
        }
        for (int ticks = 0; ticks < 64 && data.remainingBytes() > 0; ticks++) {
            a.advanceTick();
            b.advanceTick();
            for (int n = data.consumeInt(0, 3); n > 0; n--) {
                applyOne(a, b, known, data);
            }
            for (PlaygroundWorld w : new PlaygroundWorld[] {a, b}) {
                w.simulate();
                w.extractChanges(sink);
                w.extractReliableEvents((target, event) -> { });
                w.postExtract();
            }
            assertThat(b.stateHash()).isEqualTo(a.stateHash());
            assertThat(b.entityCount()).isEqualTo(a.entityCount());
            for (long nid : known) {
                if (a.isAlive(nid)) {
                    var e = a.view(nid);
                    assertThat(Float.isFinite(e.x()) && Float.isFinite(e.y()) && Float.isFinite(e.vx())
                            && Float.isFinite(e.vy()) && Float.isFinite(e.rotation())).isTrue();
                    if (e.kind() == EntityKinds.INTERCEPTOR) {
                        assertThat(e.speed()).isLessThanOrEqualTo(TERMINAL_SPEED);
                    }
                }
            }
        }
    }

    private static void applyOne(PlaygroundWorld a, PlaygroundWorld b, List<Long> known, FuzzedDataProvider data) {
        int op = data.consumeInt(0, 15);
        switch (op) {
            case 13 -> {
                int kind = data.consumeBoolean() ? data.consumeInt(0, 21) : data.consumeInt();
                float x = data.consumeFloat();
                float y = data.consumeFloat();
                float r = data.consumeFloat();
                Long spawned = both(a, b, w -> w.spawnKind(kind, x, y, r, 0));
                if (spawned != null) {
                    assertThat(EntityKinds.isKnown(kind) && Float.isFinite(x) && Float.isFinite(y)
                            && Float.isFinite(r)).isTrue();
                    known.add(spawned);
                }
            }
            case 14 -> {
                int count = data.consumeInt(-5, 40);
                boolean rotate = data.consumeBoolean();
                assertThat(b.stressTest(count, rotate)).isEqualTo(a.stressTest(count, rotate));
            }
            case 15 -> {
                if (data.consumeInt(0, 7) == 0) {
                    a.clearWorld();
                    b.clearWorld();
                }
            }
            default -> {
                long client = CLIENTS[data.consumeInt(0, 1)];
                long target = pick(known, data);
                InputCommand cmd = input(a.tick(), known, data);
                Long ok = both(a, b, w -> {
                    w.applyInput(client, target, cmd);
                    return 1L;
                });
                if (ok != null) {
                    assertThat(target).isEqualTo(known.get((int) client - 1));
                    assertThat(cmd.actions()).hasSizeLessThanOrEqualTo(Sizes.MAX_INPUT_ACTIONS);
                    assertThat(cmd.actionsMask() & ~InputCommand.ALLOWED_ACTIONS_MASK).isZero();
                    for (PlayerInput p : cmd.actions()) {
                        if (p instanceof PlayerInput.Move m) {
                            assertThat(Float.isFinite(m.x()) && Float.isFinite(m.y())).isTrue();
                        }
                    }
                }
            }
        }
    }

    private static long pick(List<Long> known, FuzzedDataProvider data) {
        int i = data.consumeInt(0, known.size());
        return i < known.size() ? known.get(i) : data.consumeLong();
    }

    private static InputCommand input(long now, List<Long> known, FuzzedDataProvider data) {
        long tick = data.consumeBoolean() ? now + data.consumeInt(-3, 3) : data.consumeLong();
        List<PlayerInput> actions = new ArrayList<>();
        int n = data.consumeInt(0, 7) == 0 ? data.consumeInt(0, Sizes.MAX_INPUT_ACTIONS + 2) : data.consumeInt(0, 3);
        for (int i = 0; i < n && data.remainingBytes() > 0; i++) {
            actions.add(switch (data.consumeInt(0, 2)) {
                case 0 -> new PlayerInput.Move(data.consumeFloat(), data.consumeFloat());
                case 1 -> new PlayerInput.ToggleMining(pick(known, data));
                default -> new PlayerInput.FirePrimary();
            });
        }
        long mask = data.consumeBoolean() ? data.consumeLong() : data.consumeInt(0, 7);
        return new InputCommand(tick, actions, mask, data.consumeBoolean() ? InputCommand.NO_TICK : data.consumeLong());
    }

    interface WorldCall {
        long run(PlaygroundWorld w) throws WorldException;
    }

    /** Runs the call on both worlds: both must accept with the same result, or both refuse (null). */
    private static Long both(PlaygroundWorld a, PlaygroundWorld b, WorldCall call) {
        Long ra = attempt(a, call);
        Long rb = attempt(b, call);
        assertThat(rb).isEqualTo(ra);
        return ra;
    }

    private static Long attempt(PlaygroundWorld w, WorldCall call) {
        try {
            return call.run(w);
        } catch (WorldException e) {
            assertThat(e.error()).isNotNull();
            return null;
        }
    }
}
