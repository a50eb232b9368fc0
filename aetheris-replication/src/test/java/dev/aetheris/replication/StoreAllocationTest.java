package dev.aetheris.replication;

import static dev.aetheris.replication.TestSchemas.*;
import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;

/** Writes, reads, spawns and despawns allocate nothing once the store exists. */
class StoreAllocationTest {
    private static final int N = 1000;

    @Test
    void steadyStateStoreWorkAllocatesZeroBytes() {
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        EntityStore store = new EntityStore(SHIPS, N);
        for (int i = 0; i < N; i++) {
            store.spawn(1000 + i, 1, i, 100, SHIP);
        }
        long checksum = 0;
        for (int round = 0; round < 200; round++) {
            checksum += ticks(store, 100, round * 100L);
        }
        long start = threads.getCurrentThreadAllocatedBytes();
        start = threads.getCurrentThreadAllocatedBytes(); // the first reading may allocate; take the second
        checksum += ticks(store, 1000, 1_000_000);
        long allocated = threads.getCurrentThreadAllocatedBytes() - start;
        // The work was real: every entity moved every tick, so its Transform changed at the last tick.
        assertThat(store.componentChangeTick(0, TRANSFORM)).isEqualTo(1_000_999);
        assertThat(checksum).isNotZero();
        assertThat(allocated / 1000).as("bytes per tick (%d in 1,000 ticks)", allocated).isZero();
    }

    private static long ticks(EntityStore store, int n, long firstTick) {
        long sum = 0;
        for (int t = 0; t < n; t++) {
            long tick = firstTick + t;
            store.setTick(tick);
            for (int e = 0; e < store.highWater(); e++) {
                if (!store.isAlive(e)) {
                    continue;
                }
                store.setFloat(e, X, (float) (tick % 1000) + e);
                store.setFloat(e, ROT, 0.5f); // unchanged after the first write
                store.setLong(e, HULL_NOW, 200);
                store.setString(e, PILOT, "Ada");
                sum += store.changeTick(e);
            }
            // Churn one entity per tick: despawn and respawn under a fresh id.
            int victim = (int) (tick % N);
            long id = store.networkId(victim);
            store.despawn(victim);
            store.spawn(id + 10_000_000L, 1, 0, 100, SHIP);
            store.despawns().clear();
        }
        return sum;
    }
}
