package dev.aetheris.replication;

import static dev.aetheris.replication.TestSchemas.*;
import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;

/** Sends with moving entities, churn, room-global entities and a budget that forces selection allocate nothing. */
class ReplicatorAllocationTest {
    private static final int ENTITIES = 400;
    private static final int CLIENTS = 30;
    private static final long MASK = SHIPS.mask(TRANSFORM, VELOCITY, CARGO);

    @Test
    void steadyStateSendsAllocateZeroBytes() {
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        EntityStore store = new EntityStore(SHIPS, ENTITIES + 10);
        CountingEncoder encoder = new CountingEncoder();
        encoder.recording = false;
        Replicator r = new Replicator(store, new ReplicationSettings(60, 10, 8000, 60, 0.05f, 1), encoder);
        for (int i = 0; i < ENTITIES; i++) {
            store.spawn(1000 + i, 1, i < CLIENTS ? i + 1 : 0, 100, MASK);
        }
        store.setGlobal(ENTITIES - 1, true);
        for (int c = 0; c < CLIENTS; c++) {
            r.addClient(c + 1);
            r.setRoom(c + 1, 100);
            r.setFocus(c + 1, 1000 + c);
        }
        long[] viewers = new long[CLIENTS];
        long[] tick = {0};
        for (int i = 0; i < 10; i++) {
            sends(store, r, viewers, tick, 100);
        }
        long before = encoder.enters + encoder.updates + encoder.leaves;
        long start = threads.getCurrentThreadAllocatedBytes();
        start = threads.getCurrentThreadAllocatedBytes(); // the first reading may allocate; take the second
        sends(store, r, viewers, tick, 1000);
        long allocated = threads.getCurrentThreadAllocatedBytes() - start;
        long work = encoder.enters + encoder.updates + encoder.leaves - before;
        assertThat(work).as("entities were entered, updated and left").isGreaterThan(50_000);
        assertThat(encoder.leaves).isPositive();
        assertThat(r.view(1).deferredCount() + r.view(2).deferredCount()).as("the budget forced choices")
                .isPositive();
        assertThat(allocated / 1000).as("bytes per send (%d in 1,000 sends)", allocated).isZero();
    }

    private static void sends(EntityStore store, Replicator r, long[] viewers, long[] tick, int n) {
        for (int s = 0; s < n; s++) {
            long t = ++tick[0];
            store.setTick(t);
            for (int e = 0; e < store.highWater(); e++) {
                if (store.isAlive(e)) {
                    // Everyone drifts around a 400 x 400 area on its own circle.
                    float a = (t + e * 37) * 0.01f;
                    store.setFloat(e, X, 200 + (float) Math.cos(a) * (e % 200));
                    store.setFloat(e, Y, 200 + (float) Math.sin(a) * (e % 200));
                }
            }
            // Churn: one non-focus entity per send goes and comes back under a new id.
            int victim = CLIENTS + (int) (t % (ENTITIES - CLIENTS - 1));
            long id = store.networkId(victim);
            r.viewersOf(id, viewers);
            store.despawn(victim);
            store.spawn(id + 1_000_000, 1, 0, 100, MASK);
            r.replicate();
        }
    }
}
