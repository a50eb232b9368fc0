package dev.aetheris.world;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.aetheris.protocol.component.Components;
import dev.aetheris.protocol.component.EntityKinds;
import dev.aetheris.protocol.error.WorldError;
import dev.aetheris.protocol.error.WorldException;
import dev.aetheris.protocol.event.GameEvent;
import dev.aetheris.protocol.seam.ReliableEventSink;
import dev.aetheris.testkit.RecordingReplicationSink;
import java.util.List;
import org.junit.jupiter.api.Test;

class CombatTest {
    private static final long SHOOTER = 1;
    private static final long VICTIM = 2;

    /** Shooter at the origin fires every tick it may; victim 30 units away does nothing. */
    private static Harness duel(long[] ships) throws Exception {
        Harness h = Harness.recording(Harness.empty());
        ships[0] = h.world.spawnSessionShip(EntityKinds.INTERCEPTOR, 0, 0, 0, SHOOTER);
        ships[1] = h.world.spawnSessionShip(EntityKinds.INTERCEPTOR, 30, 0, 0, VICTIM);
        return h;
    }

    @Test
    void aSingleShooterKillsBecauseShieldsWaitBeforeRegenerating() throws Exception {
        long[] s = new long[2];
        Harness h = duel(s);
        int t = 1;
        while (h.world.isAlive(s[1]) && t < 2000) {
            h.tickWith(SHOOTER, s[0], Harness.fire(t++));
        }
        assertThat(h.world.isAlive(s[1])).as("victim alive after %d ticks", t).isFalse();
        // 12 hits at one per 0.5 s cooldown: about 6 s, far below the 2000-tick limit.
        assertThat(t).isBetween(300, 420);
    }

    @Test
    void damageGoesToShieldThenHullWithEventsAndOneDeath() throws Exception {
        long[] s = new long[2];
        Harness h = duel(s);
        int t = 1;
        while (h.world.isAlive(s[1]) && t < 2000) {
            h.tickWith(SHOOTER, s[0], Harness.fire(t++));
        }
        List<GameEvent.DamageEvent> hits = h.events(GameEvent.DamageEvent.class);
        // 100 shield + 200 hull at 25 per hit.
        assertThat(hits).hasSize(12).allSatisfy(d -> {
            assertThat(d.source()).isEqualTo(s[0]);
            assertThat(d.target()).isEqualTo(s[1]);
            assertThat(d.amount()).isEqualTo(25);
        });
        assertThat(h.events(GameEvent.DeathEvent.class)).containsExactly(new GameEvent.DeathEvent(s[1]));
        for (Harness.Sent sent : h.events) {
            if (!(sent.event() instanceof GameEvent.RespawnEvent)) {
                assertThat(sent.target()).isEqualTo(ReliableEventSink.BROADCAST);
            }
        }
        // The replicated pools show the order: the shield empties before the hull is touched.
        List<RecordingReplicationSink.Component> shield = h.sink.components(s[1], Components.SHIELD_POOL);
        List<RecordingReplicationSink.Component> hull = h.sink.components(s[1], Components.HULL_POOL);
        // The store sends a pool only when it changes: the spawn, then one value per hit that moved it.
        assertThat(shield).hasSize(5);
        assertThat(shield.get(4).values()).containsExactly(0L, 100L);
        assertThat(hull).hasSize(8);
        assertThat(hull.get(0).values()).containsExactly(200L, 200L);
        assertThat(hull.get(1).values()).containsExactly(175L, 200L);
        assertThat(hull.get(hull.size() - 1).values()).containsExactly(25L, 200L);
        assertThat(h.sink.despawns()).contains(new RecordingReplicationSink.Despawned(s[1]));
    }

    @Test
    void shieldsRegenerateOnlyAfterTheDelayWithoutDamage() throws Exception {
        long[] s = new long[2];
        Harness h = duel(s);
        int t = 1;
        while (h.events(GameEvent.DamageEvent.class).isEmpty()) {
            h.tickWith(SHOOTER, s[0], Harness.fire(t++));
        }
        // The shooter releases the trigger; wait until nothing is in flight any more.
        h.tickWith(SHOOTER, s[0], Harness.move(t++, 0, 0));
        h.ticks(60);
        long hitTick = h.events.stream().filter(e -> e.event() instanceof GameEvent.DamageEvent)
                .mapToLong(Harness.Sent::tick).max().orElseThrow();
        int shieldAfterHits = h.world.view(s[1]).shield();
        assertThat(shieldAfterHits).isLessThan(100);
        // The victim's shield holds for 3 s after the last hit, then climbs at 5 per second.
        while (h.world.tick() < hitTick + 175) {
            h.tick();
        }
        assertThat(h.world.view(s[1]).shield()).isEqualTo(shieldAfterHits);
        while (h.world.tick() < hitTick + 180 + 60) {
            h.tick();
        }
        assertThat(h.world.view(s[1]).shield()).isBetween(shieldAfterHits + 4, shieldAfterHits + 6);
    }

    @Test
    void deadShipDropsItsCargoAndRespawnsForItsOwner() throws Exception {
        long[] s = new long[2];
        Harness h = duel(s);
        h.world.setCargoForTest(s[1], 42);
        int t = 1;
        while (h.world.isAlive(s[1]) && t < 2000) {
            h.tickWith(SHOOTER, s[0], Harness.fire(t++));
        }
        long deathTick = h.world.tick();
        var drops = h.sink.spawns().stream().filter(x -> x.kind() == EntityKinds.CARGO_DROP).toList();
        assertThat(drops).hasSize(1);
        long drop = drops.get(0).networkId();
        assertThat(h.world.view(drop).cargo()).isEqualTo(42);
        assertThat(h.sink.components(drop, Components.CARGO_DROP).get(0).values()).containsExactly(42L);

        // Before the delay, StartSession cannot make a ship.
        assertThatThrownBy(() -> h.world.spawnSessionShip(EntityKinds.INTERCEPTOR, 0, 0, 0, VICTIM))
                .isInstanceOfSatisfying(WorldException.class,
                        e -> assertThat(e.error()).isInstanceOf(WorldError.InvalidInput.class));
        while (h.events(GameEvent.RespawnEvent.class).isEmpty() && h.world.tick() < deathTick + 1000) {
            h.tick();
        }
        assertThat(h.world.tick()).isEqualTo(deathTick + 180);
        Harness.Sent sent = h.events.stream().filter(e -> e.event() instanceof GameEvent.RespawnEvent).findFirst()
                .orElseThrow();
        assertThat(sent.target()).isEqualTo(VICTIM);
        GameEvent.RespawnEvent re = (GameEvent.RespawnEvent) sent.event();
        assertThat(h.world.isAlive(s[1])).isFalse();
        long fresh = h.world.spawnSessionShip(EntityKinds.INTERCEPTOR, 0, 0, 0, VICTIM);
        assertThat(fresh).isEqualTo(re.target()).isNotEqualTo(s[1]);
        var v = h.world.view(fresh);
        assertThat(v.x()).isEqualTo(re.x());
        assertThat(v.y()).isEqualTo(re.y());
        assertThat(v.hull()).isEqualTo(200);
        assertThat(v.shield()).isEqualTo(100);
        assertThat(h.world.clientRoom(VICTIM)).isEqualTo(h.world.roomId());
        // The fresh ship takes its owner's input.
        h.tickWith(VICTIM, fresh, Harness.move(h.world.tick() + 1, 1, 0));
        assertThat(h.world.view(fresh).vx()).isPositive();
    }

    @Test
    void projectilesExpireAfterTheirRange() throws Exception {
        Harness h = Harness.recording(Harness.empty());
        long ship = h.world.spawnSessionShip(EntityKinds.INTERCEPTOR, 0, 0, 0, SHOOTER);
        h.tickWith(SHOOTER, ship, Harness.fire(1));
        h.tickWith(SHOOTER, ship, Harness.move(2, 0, 0));
        var shots = h.sink.spawns().stream().filter(x -> x.kind() == EntityKinds.PROJECTILE).toList();
        assertThat(shots).hasSize(1);
        long shot = shots.get(0).networkId();
        assertThat(h.sink.components(shot, Components.PROJECTILE_MARKER).get(0).values())
                .containsExactly(new RecordingReplicationSink.VariantIndex(Components.PROJECTILE_PULSE_LASER), 1L);
        // 200 units at 100 u/s: gone after about 2 s (its lifetime would be 5 s).
        h.ticks(113);
        assertThat(h.world.isAlive(shot)).isTrue();
        h.ticks(10);
        assertThat(h.world.isAlive(shot)).isFalse();
        assertThat(h.sink.despawns()).contains(new RecordingReplicationSink.Despawned(shot));
    }

    @Test
    void weaponCooldownAllowsOneShotPerHalfSecond() throws Exception {
        Harness h = Harness.recording(Harness.empty());
        long ship = h.world.spawnSessionShip(EntityKinds.INTERCEPTOR, 0, 0, 0, SHOOTER);
        for (int t = 1; t <= 61; t++) {
            h.tickWith(SHOOTER, ship, Harness.fire(t));
        }
        // Fired at ticks 1, 31 and 61: cooldown 30 ticks at 60 Hz.
        assertThat(h.sink.spawns()).filteredOn(x -> x.kind() == EntityKinds.PROJECTILE).hasSize(3);
        var weapon = h.sink.components(ship, Components.WEAPON);
        assertThat(weapon.get(weapon.size() - 1).values()).containsExactly(30L, 61L);
    }

    @Test
    void worldOwnedInterceptorsComeBackAtHomeButClientSpawnedOnesDoNot() throws Exception {
        Harness h = Harness.recording(Harness.empty().withPopulation(0, 1));
        h.tick();
        long ai = h.sink.spawns().stream().filter(x -> x.kind() == EntityKinds.AI_INTERCEPTOR).findFirst()
                .orElseThrow().networkId();
        var home = h.world.view(ai);
        long mine = h.world.spawnKind(EntityKinds.TRAINING_DUMMY, home.x() + 3, home.y(), 0, VICTIM);
        long ship = h.world.spawnSessionShip(EntityKinds.DREADNOUGHT, home.x(), home.y(), 0, SHOOTER);
        int t = 1;
        while ((h.world.isAlive(ai) || h.world.isAlive(mine)) && t < 3000) {
            h.tickWith(SHOOTER, ship, Harness.fire(t++));
        }
        assertThat(h.world.isAlive(ai)).isFalse();
        assertThat(h.world.isAlive(mine)).isFalse();
        h.ticks(200);
        var ais = h.sink.spawns().stream().filter(x -> x.kind() == EntityKinds.AI_INTERCEPTOR).toList();
        assertThat(ais).hasSize(2);
        assertThat(h.sink.spawns()).filteredOn(x -> x.kind() == EntityKinds.TRAINING_DUMMY).hasSize(1);
        var again = h.sink.components(ais.get(1).networkId(), Components.TRANSFORM).get(0).values();
        assertThat(again.subList(0, 2)).containsExactly(home.x(), home.y());
    }
}
