package dev.aetheris.world;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aetheris.protocol.component.EntityKinds;
import dev.aetheris.protocol.component.InputCommand;
import dev.aetheris.protocol.error.WorldException;
import dev.aetheris.protocol.event.GameEvent;
import dev.aetheris.testkit.RecordingReplicationSink;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Golden determinism test: a 600-tick scripted scenario (flying, shooting, mining, AI, a stress
 * swarm, a death and a respawn) must reproduce the recorded {@code stateHash()} of every tick.
 *
 * <p>The hashes live in {@code src/test/resources/dev/aetheris/world/golden-600.txt}. Regenerate
 * them only after a deliberate simulation change, with
 * {@code ./mvnw -pl aetheris-world -am verify -Daetheris.world.regenerateGolden=true
 * -Dtest=DeterminismTest -Dsurefire.failIfNoSpecifiedTests=false}, and review the diff.
 */
class DeterminismTest {
    private static final String GOLDEN = "golden-600.txt";
    private static final long FIGHTER = 1;
    private static final long MINER = 2;
    private static final long PILOT = 3;

    /** Result of one scenario run. */
    record Run(List<Long> hashes, int damage, int deaths, int respawns, int minerCargo) {
    }

    /** Runs the scenario; {@code perturbAt} changes one of the fighter's inputs (−1 for none). */
    static Run scenario(int perturbAt) throws WorldException {
        PlaygroundWorld w = new PlaygroundWorld(WorldConfig.small(0xCAFE_BABEL));
        RecordingReplicationSink sink = RecordingReplicationSink.counting();
        List<Long> hashes = new ArrayList<>();
        List<GameEvent> events = new ArrayList<>();
        long fighter = 0;
        long miner = 0;
        long pilot = 0;
        long rock = 0;
        for (int t = 1; t <= 600; t++) {
            w.advanceTick();
            if (t == 1) {
                fighter = w.spawnSessionShip(EntityKinds.INTERCEPTOR, 0, 0, 0, FIGHTER);
                miner = w.spawnSessionShip(EntityKinds.HAULER, 60, 60, 0, MINER);
                pilot = w.spawnSessionShip(EntityKinds.INTERCEPTOR, 40, 0, 0, PILOT);
                rock = w.spawnKind(EntityKinds.ASTEROID, 63, 60, 0, 0);
                w.spawnKind(EntityKinds.TRAINING_DUMMY, -30, 0, 0, FIGHTER);
                w.stressTest(40, true);
            }
            float ax = (float) StrictMath.cos(t / 40.0);
            float ay = (float) StrictMath.sin(t / 40.0);
            if (t == perturbAt) {
                ax = -ax;
            }
            InputCommand fighterInput = new InputCommand(t, List.of(new dev.aetheris.protocol.component.PlayerInput
                    .Move(ax * 0.6f, ay * 0.6f)), t >= 20 ? InputCommand.ACTION_FIRE_WEAPON : 0, t - 1);
            tryInput(w, FIGHTER, fighter, fighterInput);
            tryInput(w, MINER, miner, t == 2 ? Harness.toggleMining(t, rock) : Harness.move(t, 0, 0));
            if (t < 200) {
                tryInput(w, PILOT, pilot, Harness.move(t, -0.3f, 0.2f));
            } else if (t < 400) {
                tryInput(w, PILOT, pilot, Harness.fire(t));
            }
            if (!w.isAlive(pilot) && events.stream().anyMatch(e -> e instanceof GameEvent.RespawnEvent)) {
                pilot = w.spawnSessionShip(EntityKinds.INTERCEPTOR, 0, 0, 0, PILOT);
            }
            w.simulate();
            w.extractChanges(sink);
            w.extractReliableEvents((target, ev) -> events.add(ev));
            w.postExtract();
            hashes.add(w.stateHash());
        }
        int damage = (int) events.stream().filter(e -> e instanceof GameEvent.DamageEvent).count();
        int deaths = (int) events.stream().filter(e -> e instanceof GameEvent.DeathEvent).count();
        int respawns = (int) events.stream().filter(e -> e instanceof GameEvent.RespawnEvent).count();
        return new Run(hashes, damage, deaths, respawns, w.isAlive(miner) ? w.view(miner).cargo() : -1);
    }

    private static void tryInput(PlaygroundWorld w, long client, long ship, InputCommand cmd) {
        try {
            w.applyInput(client, ship, cmd);
        } catch (WorldException e) {
            // A dead ship's input is refused, as the tick would count it; the script goes on.
        }
    }

    @Test
    void scenarioMatchesTheGoldenHashesOfEveryTick() throws Exception {
        Run run = scenario(-1);
        List<String> hex = run.hashes().stream().map(h -> String.format("%016x", h)).toList();
        if (Boolean.getBoolean("aetheris.world.regenerateGolden")) {
            Path file = Path.of(System.getProperty("aetheris.repo.root", "."),
                    "aetheris-world/src/test/resources/dev/aetheris/world", GOLDEN);
            Files.write(file, hex, StandardCharsets.UTF_8);
            return; // Just recorded: nothing to compare against until the next run.
        }
        List<String> golden;
        try (InputStream in = DeterminismTest.class.getResourceAsStream(GOLDEN)) {
            assertThat(in).as("missing %s: regenerate it (see the class comment)", GOLDEN).isNotNull();
            golden = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        }
        assertThat(hex).hasSize(600).isEqualTo(golden);
    }

    @Test
    void theScenarioExercisesTheGameAndTheHashMovesEveryTick() throws Exception {
        Run run = scenario(-1);
        for (int t = 1; t < run.hashes().size(); t++) {
            assertThat(run.hashes().get(t)).as("tick %d", t + 1).isNotEqualTo(run.hashes().get(t - 1));
        }
        assertThat(new HashSet<>(run.hashes())).hasSize(600);
        assertThat(run.damage()).isGreaterThan(5);
        assertThat(run.deaths()).isPositive();
        assertThat(run.minerCargo()).isPositive();
    }

    @Test
    void sameSeedAndInputsGiveTheSameHashesAndAPerturbationChangesThem() throws Exception {
        Run a = scenario(-1);
        Run b = scenario(-1);
        assertThat(b.hashes()).isEqualTo(a.hashes());
        Run p = scenario(300);
        assertThat(p.hashes().subList(0, 299)).isEqualTo(a.hashes().subList(0, 299));
        assertThat(p.hashes().get(299)).isNotEqualTo(a.hashes().get(299));
        assertThat(p.hashes().get(599)).isNotEqualTo(a.hashes().get(599));
    }

}
