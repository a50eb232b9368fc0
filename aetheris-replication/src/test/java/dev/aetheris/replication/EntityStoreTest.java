package dev.aetheris.replication;

import static dev.aetheris.replication.TestSchemas.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class EntityStoreTest {
    private final EntityStore store = new EntityStore(SHIPS, 8);

    @Test
    void spawnRecordsIdentityPlacementAndSpawnTick() {
        store.setTick(5);
        int e = store.spawn(1000, 1, 42, 100, SHIP);
        assertThat(e).isZero();
        assertThat(store.indexOf(1000)).isEqualTo(e);
        assertThat(store.networkId(e)).isEqualTo(1000);
        assertThat(store.kind(e)).isEqualTo(1);
        assertThat(store.owner(e)).isEqualTo(42);
        assertThat(store.room(e)).isEqualTo(100);
        assertThat(store.spawnTick(e)).isEqualTo(5);
        assertThat(store.fieldChangeTick(e, X)).isEqualTo(5);
        assertThat(store.componentChangeTick(e, CARGO)).isEqualTo(5);
        assertThat(store.hasComponent(e, TRANSFORM)).isTrue();
        assertThat(store.hasComponent(e, SHIPS.component(dev.aetheris.protocol.component.Components.MINING_BEAM)))
                .isFalse();
        assertThat(store.getString(e, PILOT)).isEmpty();
        assertThat(store.size()).isEqualTo(1);
    }

    @Test
    void aWriteThatChangesNothingStampsNothing() {
        store.setTick(1);
        int e = store.spawn(1000, 1, 0, 0, SHIP);
        store.setFloat(e, X, 10f);
        store.setLong(e, HULL_NOW, 200);
        store.setString(e, PILOT, "Ada");
        store.setTick(2);
        store.setFloat(e, X, 10f);
        store.setLong(e, HULL_NOW, 200);
        store.setString(e, PILOT, new String("Ada")); // same content, other instance
        assertThat(store.changeTick(e)).isEqualTo(1);
        assertThat(store.componentChangeTick(e, TRANSFORM)).isEqualTo(1);
        assertThat(store.fieldChangeTick(e, PILOT)).isEqualTo(1);
    }

    @Test
    void aChangeStampsTheFieldItsComponentAndTheEntityOnly() {
        store.setTick(1);
        int e = store.spawn(1000, 1, 0, 0, SHIP);
        store.setTick(7);
        store.setFloat(e, X, 3.5f);
        assertThat(store.fieldChangeTick(e, X)).isEqualTo(7);
        assertThat(store.fieldChangeTick(e, Y)).isEqualTo(1);
        assertThat(store.componentChangeTick(e, TRANSFORM)).isEqualTo(7);
        assertThat(store.componentChangeTick(e, VELOCITY)).isEqualTo(1);
        assertThat(store.changeTick(e)).isEqualTo(7);
        assertThat(store.x(e)).isEqualTo(3.5f);
        assertThat(store.getFloat(e, X)).isEqualTo(3.5f);
        store.setTick(8);
        store.setLong(e, CLASS_VALUE, 2);
        assertThat(store.getLong(e, CLASS_VALUE)).isEqualTo(2);
        assertThat(store.componentChangeTick(e, CLASS)).isEqualTo(8);
        assertThat(store.componentChangeTick(e, TRANSFORM)).isEqualTo(7);
    }

    @Test
    void despawnFreesTheIndexLogsItAndReuseStartsClean() {
        store.setTick(1);
        int a = store.spawn(1000, 1, 9, 100, SHIP);
        store.setFloat(a, X, 50f);
        store.setString(a, PILOT, "Ada");
        store.setTick(3);
        store.despawn(a);
        assertThat(store.isAlive(a)).isFalse();
        assertThat(store.indexOf(1000)).isEqualTo(EntityStore.NONE);
        assertThat(store.despawns().size()).isEqualTo(1);
        assertThat(store.despawns().networkId(0)).isEqualTo(1000);
        assertThat(store.despawns().tick(0)).isEqualTo(3);
        assertThat(store.despawns().room(0)).isEqualTo(100);
        assertThat(store.despawnById(1000)).isFalse();

        store.setTick(4);
        int b = store.spawn(1001, 5, 0, 0, SHIP);
        assertThat(b).isEqualTo(a); // most recently freed first
        assertThat(store.x(b)).isZero();
        assertThat(store.getString(b, PILOT)).isEmpty();
        assertThat(store.spawnTick(b)).isEqualTo(4);
        assertThat(store.fieldChangeTick(b, X)).isEqualTo(4);
        store.despawns().clear();
        assertThat(store.despawns().size()).isZero();
    }

    @Test
    void aFullStoreSaysSoWithoutThrowing() {
        for (int i = 0; i < 8; i++) {
            assertThat(store.spawn(1000 + i, 1, 0, 0, SHIP)).isNotEqualTo(EntityStore.NONE);
        }
        assertThat(store.spawn(2000, 1, 0, 0, SHIP)).isEqualTo(EntityStore.NONE);
        assertThat(store.size()).isEqualTo(8);
        assertThat(store.highWater()).isEqualTo(8);
        assertThat(store.despawnById(1003)).isTrue();
        assertThat(store.spawn(2000, 1, 0, 0, SHIP)).isEqualTo(3);
        assertThat(store.indexOf(2000)).isEqualTo(3);
        assertThat(store.indexOf(1007)).isEqualTo(7);
    }

    @Test
    void writesTheLayoutCannotHoldAreBugsAndSayWhich() {
        int e = store.spawn(1000, 1, 0, 0, SHIP);
        assertThatThrownBy(() -> store.setFloat(e, X, Float.NaN)).hasMessageContaining("transform.x must be finite");
        assertThatThrownBy(() -> store.setLong(e, HULL_NOW, 70_000)).hasMessageContaining("hull_pool.current");
        assertThatThrownBy(() -> store.setLong(e, CLASS_VALUE, 3)).hasMessageContaining("ship_class.value");
        assertThatThrownBy(() -> store.setLong(e, X, 1)).hasMessageContaining("setLong on transform.x");
        assertThatThrownBy(() -> store.setBool(e, BEAM_ON, true)).hasMessageContaining("does not carry component mining_beam");
        assertThatThrownBy(() -> store.setFloat(5, X, 1f)).hasMessageContaining("no entity at store index 5");
        assertThatThrownBy(() -> store.spawn(1000, 1, 0, 0, SHIP)).hasMessageContaining("already alive");
        assertThatThrownBy(() -> store.spawn(0, 1, 0, 0, SHIP)).hasMessageContaining("never an entity");
        assertThatThrownBy(() -> store.spawn(1001, 1, 0, 0, 1L << 40)).hasMessageContaining("beyond the schema");
        assertThat(store.size()).isEqualTo(1);
    }

    @Test
    void attachingAComponentStampsItAndAllowsItsWrites() {
        int beam = SHIPS.component(dev.aetheris.protocol.component.Components.MINING_BEAM);
        store.setTick(1);
        int e = store.spawn(1000, 1, 0, 0, SHIP);
        store.setTick(2);
        store.attach(e, beam);
        assertThat(store.componentChangeTick(e, beam)).isEqualTo(2);
        store.setBool(e, BEAM_ON, true);
        store.setLong(e, BEAM_TARGET, 1234);
        assertThat(store.getBool(e, BEAM_ON)).isTrue();
        assertThat(store.getLong(e, BEAM_TARGET)).isEqualTo(1234);
        assertThat(store.componentMask(e)).isEqualTo(SHIP | (1L << beam));
    }

    @Test
    void ownerRoomAndGlobalAreKept() {
        int e = store.spawn(1000, 1, 0, 0, SHIP);
        store.setOwner(e, 77);
        store.setRoom(e, 100);
        store.setGlobal(e, true);
        assertThat(store.owner(e)).isEqualTo(77);
        assertThat(store.room(e)).isEqualTo(100);
        assertThat(store.isGlobal(e)).isTrue();
        store.despawn(e);
        int f = store.spawn(1001, 1, 0, 0, SHIP);
        assertThat(store.isGlobal(f)).isFalse();
    }
}
