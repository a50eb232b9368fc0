package dev.aetheris.replication;

import static dev.aetheris.replication.TestSchemas.*;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ReplicatorTest {
    private static final long ROOM = 100;
    private static final long MOVING = SHIPS.mask(TRANSFORM, VELOCITY);
    private final EntityStore store = new EntityStore(SHIPS, 256);
    private final CountingEncoder encoder = new CountingEncoder();
    // Radius 100, margin 20; a generous budget unless a test says otherwise.
    private Replicator replicator = new Replicator(store,
            new ReplicationSettings(100, 20, 1_000_000, 10, 0.05f, 1), encoder);
    private long tick;

    private int spawn(long id, float x, float y, long owner, long mask) {
        int e = store.spawn(id, 1, owner, ROOM, mask);
        store.setFloat(e, X, x);
        store.setFloat(e, Y, y);
        return e;
    }

    /** The next tick starts: writes after this are stamped with it. */
    private void next() {
        store.setTick(++tick);
    }

    /** Ends the tick with a send, after the world's writes. */
    private void send() {
        encoder.log.clear();
        replicator.replicate();
    }

    private void nextAndSend() {
        next();
        send();
    }

    private void client(long id, long ship) {
        replicator.addClient(id);
        replicator.setRoom(id, ROOM);
        replicator.setFocus(id, ship);
    }

    @Test
    void entitiesEnterWithinTheRadiusAndLeaveBeyondTheMargin() {
        next();
        spawn(1, 0, 0, 7, MOVING);
        int near = spawn(2, 90, 0, 0, MOVING);
        spawn(3, 150, 0, 0, MOVING);
        client(7, 1);
        send();
        assertThat(encoder.log).containsExactlyInAnyOrder("7 enter 1 mask 11", "7 enter 2 mask 11");
        next();
        store.setFloat(near, X, 110); // beyond R, within R + margin: stays
        send();
        assertThat(encoder.log).containsExactly("7 update 2 mask 1");
        assertThat(replicator.view(7).knows(2)).isTrue();
        next();
        store.setFloat(near, X, 121); // beyond R + margin: leaves
        send();
        assertThat(encoder.log).containsExactly("7 leave 2");
        assertThat(replicator.view(7).knows(2)).isFalse();
        next();
        store.setFloat(near, X, 110); // back within the margin but not within R: does not re-enter
        send();
        assertThat(encoder.log).isEmpty();
        next();
        store.setFloat(near, X, 99);
        send();
        assertThat(encoder.log).containsExactly("7 enter 2 mask 11");
    }

    @Test
    void neighboursAreVisitedOneAfterTheOther() {
        next();
        // Ships in three far-apart places, added interleaved; clients 1, 4 share a cell, 2, 5 and 3, 6 too.
        float[][] at = {{-2000, -2000}, {2000, 2000}, {-2000, 2000}};
        for (int i = 0; i < 6; i++) {
            spawn(10 + i, at[i % 3][0] + i, at[i % 3][1], 1 + i, MOVING);
            client(1 + i, 10 + i);
        }
        send(); // the first send learns where the clients are
        nextAndSend();
        long[] order = new long[6];
        for (int i = 0; i < 6; i++) {
            order[i] = replicator.viewAt(i).clientId();
        }
        // Z-order over interest cells: (-,-) first, then (+,-)... here (-,+) before (+,+).
        assertThat(order).containsExactly(1, 4, 3, 6, 2, 5);
        // Client 1 flies over to clients 2 and 5: it is re-sorted into their neighbourhood.
        next();
        store.setFloat(store.indexOf(10), X, 2005);
        store.setFloat(store.indexOf(10), Y, 2000);
        send(); // sees where it is now
        nextAndSend();
        for (int i = 0; i < 6; i++) {
            order[i] = replicator.viewAt(i).clientId();
        }
        assertThat(order).containsExactly(4, 3, 6, 1, 2, 5);
    }

    @Test
    void anEntityAtRestCostsNothingAndOnlyChangedComponentsAreSent() {
        next();
        spawn(1, 0, 0, 7, MOVING);
        int other = spawn(2, 10, 0, 0, MOVING);
        client(7, 1);
        send();
        nextAndSend();
        assertThat(encoder.log).isEmpty();
        assertThat(replicator.view(7).lastSendBytes()).isZero();
        next();
        store.setFloat(other, DX, 3f);
        send();
        assertThat(encoder.log).containsExactly("7 update 2 mask 10");
    }

    @Test
    void roomsStaySeparateAndRoomlessEntitiesAreSeenByAll() {
        next();
        spawn(1, 0, 0, 7, MOVING);
        int elsewhere = store.spawn(2, 1, 0, 200, MOVING);
        int roomless = store.spawn(3, 1, 0, 0, MOVING);
        store.setFloat(elsewhere, X, 5);
        store.setFloat(roomless, X, 6);
        client(7, 1);
        send();
        assertThat(encoder.log).containsExactlyInAnyOrder("7 enter 1 mask 11", "7 enter 3 mask 11");
        next();
        replicator.setRoom(7, 200);
        store.setRoom(0, 200); // the ship moves with its client; the room-less entity stays known
        send();
        assertThat(encoder.log).containsExactly("7 enter 2 mask 11");
    }

    @Test
    void ownerOnlyComponentsGoToTheOwnerOnly() {
        next();
        int mine = spawn(1, 0, 0, 7, SHIPS.mask(TRANSFORM, CARGO));
        spawn(2, 5, 0, 8, SHIPS.mask(TRANSFORM));
        client(7, 1);
        client(8, 2);
        send();
        assertThat(encoder.log).contains("7 enter 1 mask " + Long.toBinaryString(SHIPS.mask(TRANSFORM, CARGO)),
                "8 enter 1 mask 1");
        next();
        store.setLong(mine, ORE, 5);
        send();
        assertThat(encoder.log).containsExactly("7 update 1 mask " + Long.toBinaryString(SHIPS.mask(CARGO)));
    }

    @Test
    void globalEntitiesAreAlwaysRelevantWithinTheirRoom() {
        next();
        spawn(1, 0, 0, 7, MOVING);
        int roomEntity = spawn(50, 5000, 5000, 0, SHIPS.mask(TRANSFORM));
        store.setGlobal(roomEntity, true);
        client(7, 1);
        send();
        assertThat(encoder.log).contains("7 enter 50 mask 1");
    }

    @Test
    void despawnsBecomeLeavesAndViewersAreFoundEvenRightAfterADespawn() {
        next();
        spawn(1, 0, 0, 7, MOVING);
        spawn(2, 0, 0, 8, MOVING);
        int target = spawn(3, 10, 0, 0, MOVING);
        spawn(4, 1000, 0, 9, MOVING);
        client(7, 1);
        client(8, 2);
        client(9, 4);
        send();
        long[] out = new long[3];
        assertThat(replicator.viewersOf(3, out)).isEqualTo(2);
        assertThat(out).startsWith(7, 8);
        next();
        store.despawn(target);
        assertThat(replicator.viewersOf(3, out)).as("routing a death event after the despawn").isEqualTo(2);
        send();
        assertThat(encoder.log).containsExactlyInAnyOrder("7 leave 3", "8 leave 3");
        assertThat(replicator.viewersOf(3, out)).isZero();
        assertThat(store.despawns().size()).isZero();
    }

    @Test
    void aTightBudgetSendsTheFocusFirstThenNearerAndDeferredEntitiesCatchUp() {
        // 200 bytes per send: the focus (90) and one more entering entity (90) fit.
        replicator = new Replicator(store, new ReplicationSettings(100, 20, 2000, 10, 0f, 1), encoder);
        next();
        spawn(1, 0, 0, 7, MOVING);
        spawn(2, 80, 0, 0, MOVING);
        spawn(3, 20, 0, 0, MOVING);
        spawn(4, 50, 0, 0, MOVING);
        client(7, 1);
        send();
        assertThat(encoder.log).containsExactly("7 enter 1 mask 11", "7 enter 3 mask 11");
        assertThat(replicator.view(7).deferredCount()).isEqualTo(2);
        nextAndSend();
        assertThat(encoder.log).containsExactlyInAnyOrder("7 enter 4 mask 11", "7 enter 2 mask 11");
        assertThat(replicator.view(7).knownCount()).isEqualTo(4);
    }

    @Test
    void aClientsRateStaysWithinTenPercentOfItsBudget() {
        // 100 moving entities around one client; 4,000 B/s at 20 sends/s = 200 B per send.
        replicator = new Replicator(store, new ReplicationSettings(100, 20, 4000, 20, 0.1f, 1), encoder);
        encoder.recording = false;
        next();
        spawn(1, 0, 0, 7, MOVING);
        for (int i = 0; i < 100; i++) {
            spawn(10 + i, i % 10 * 7, i / 10 * 7, 0, MOVING);
        }
        client(7, 1);
        long worstSecond = 0;
        long[] perSend = new long[400];
        for (int s = 0; s < 400; s++) {
            next();
            for (int e = 1; e <= 100; e++) {
                store.setFloat(e, DX, tick * 0.5f + e);
            }
            replicator.replicate();
            perSend[s] = replicator.view(7).lastSendBytes();
        }
        for (int s = 0; s + 20 <= 400; s++) {
            long sum = 0;
            for (int i = s; i < s + 20; i++) {
                sum += perSend[i];
            }
            worstSecond = Math.max(worstSecond, sum);
        }
        assertThat(worstSecond).as("bytes in the worst one-second window").isBetween(3600L, 4400L);
        assertThat(encoder.updates).as("every entity keeps being updated, starved of none").isGreaterThan(0);
        assertThat(replicator.view(7).knownCount()).isEqualTo(101);
    }

    @Test
    void theTransportsCapacityLimitsASend() {
        next();
        spawn(1, 0, 0, 7, MOVING);
        spawn(2, 5, 0, 0, MOVING);
        client(7, 1);
        replicator.setTransportCapacity(7, 100);
        send();
        assertThat(encoder.log).containsExactly("7 enter 1 mask 11");
    }

    @Test
    void enterScansTakeTurnsButANewFocusIsScannedAtOnce() {
        replicator = new Replicator(store, new ReplicationSettings(100, 20, 1_000_000, 10, 0f, 3), encoder);
        next();
        spawn(1, 0, 0, 7, MOVING);
        int far = spawn(2, 500, 0, 0, MOVING);
        client(7, 1);
        send();
        assertThat(encoder.log).containsExactly("7 enter 1 mask 11"); // scanned at once: a new focus
        next();
        store.setFloat(far, X, 50);
        int sendsUntilSeen = 0;
        do {
            send();
            sendsUntilSeen++;
            next();
        } while (!replicator.view(7).knows(2) && sendsUntilSeen < 10);
        assertThat(sendsUntilSeen).as("sends until the entering entity was noticed").isBetween(1, 3);
    }

    @Test
    void spreadSendsServeEachClientOncePerRoundWithWhatChangedSinceItsOwnLastSend() {
        replicator = new Replicator(store, new ReplicationSettings(100, 20, 1_000_000, 10, 0f, 1), encoder, 2);
        next();
        int a = spawn(1, 0, 0, 7, MOVING);
        spawn(2, 10, 0, 8, MOVING);
        client(7, 1);
        client(8, 2);
        send();
        assertThat(encoder.log).as("phase 0: the first client only")
                .containsExactlyInAnyOrder("7 enter 1 mask 11", "7 enter 2 mask 11");
        next();
        store.setFloat(a, X, 1); // between the two clients' sends
        send();
        assertThat(encoder.log).as("phase 1: the second client, entering what it sees")
                .containsExactlyInAnyOrder("8 enter 1 mask 11", "8 enter 2 mask 11");
        next();
        send();
        assertThat(encoder.log).as("the first client again: the change made after its last send")
                .containsExactly("7 update 1 mask 1");
        next();
        store.setFloat(a, X, 2);
        send();
        assertThat(encoder.log).containsExactly("8 update 1 mask 1");
        nextAndSend();
        assertThat(encoder.log).as("a change between its sends reaches the first client too")
                .containsExactly("7 update 1 mask 1");
        for (int s = 0; s < 4; s++) {
            nextAndSend();
            assertThat(encoder.log).as("at rest: nothing for either").isEmpty();
        }
    }

    @Test
    void spreadSendsBalanceThePhasesAsClientsComeAndGo() {
        replicator = new Replicator(store, new ReplicationSettings(100, 20, 1_000_000, 10, 0f, 1), encoder, 3);
        next();
        for (int c = 1; c <= 6; c++) {
            spawn(c, c, 0, 100 + c, MOVING);
            client(100 + c, c);
        }
        replicator.removeClient(101);
        replicator.removeClient(104); // phase 0 is now empty
        spawn(7, 7, 0, 107, MOVING);
        client(107, 7);
        int[] perCall = new int[3];
        for (int call = 0; call < 3; call++) {
            next();
            send();
            perCall[call] = (int) encoder.log.stream().map(l -> l.substring(0, l.indexOf(' '))).distinct().count();
        }
        assertThat(perCall).as("clients sent to on each call of a round").containsExactly(1, 2, 2);
        assertThat(encoder.log).isNotEmpty();
    }

    @Test
    void sendPhasesMustBePositive() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new Replicator(store,
                new ReplicationSettings(100, 20, 1_000, 10, 0f, 1), encoder, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least 1");
    }
}
