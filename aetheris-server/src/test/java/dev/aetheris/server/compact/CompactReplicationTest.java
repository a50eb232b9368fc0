package dev.aetheris.server.compact;

import static dev.aetheris.server.compact.CompactHarness.*;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

class CompactReplicationTest {

    /** A harness with NPCs spawned in its first tick, and their motion. */
    private static final class Scene {
        final CompactHarness h;
        final int[] npcs;
        final float[] vx;
        final float[] vy;

        Scene(CompactHarness h, int count, long seed) {
            this.h = h;
            vx = new float[count];
            vy = new float[count];
            h.next();
            npcs = spawnNpcs(h, count, vx, vy, new Random(seed));
        }

        void move() {
            CompactReplicationTest.move(h, npcs, vx, vy);
        }

        /** One tick: the NPCs move, then a send. */
        void step() {
            h.next();
            move();
            h.send();
        }
    }

    /** 200 entities bouncing in a 1000-unit box at 100 units/s, as S1's NPCs do. */
    private static void move(CompactHarness h, int[] e, float[] vx, float[] vy) {
        for (int i = 0; i < e.length; i++) {
            if (h.store.networkId(e[i]) != 100 + i) {
                continue; // despawned
            }
            float x = h.store.getFloat(e[i], X) + vx[i] / 60f;
            float y = h.store.getFloat(e[i], Y) + vy[i] / 60f;
            if (x < 0 || x > 1000) {
                vx[i] = -vx[i];
                x = Math.clamp(x, 0, 1000);
            }
            if (y < 0 || y > 1000) {
                vy[i] = -vy[i];
                y = Math.clamp(y, 0, 1000);
            }
            h.store.setFloat(e[i], X, x);
            h.store.setFloat(e[i], Y, y);
            h.store.setFloat(e[i], DX, vx[i]);
        }
    }

    private static int[] spawnNpcs(CompactHarness h, int n, float[] vx, float[] vy, Random r) {
        int[] e = new int[n];
        for (int i = 0; i < n; i++) {
            e[i] = h.spawn(100 + i, 0, r.nextFloat() * 1000, r.nextFloat() * 1000);
            double heading = r.nextDouble() * 2 * Math.PI;
            vx[i] = (float) (100 * Math.cos(heading));
            vy[i] = (float) (100 * Math.sin(heading));
            h.store.setFloat(e[i], ROT, (float) (heading - Math.PI));
        }
        return e;
    }

    @Test
    void aFrameTooSmallForTheStateReachesEveryEntityInTurnAndTheOwnShipEverySecondSnapshot() {
        // No ack ever arrives, so every snapshot is a full one, cut short by a 300-byte frame.
        Scene sc = new Scene(new CompactHarness(11, 0, 10_000_000), 120, 2);
        CompactHarness h = sc.h;
        int[] npcs = sc.npcs;
        h.frame = 300;
        h.acksLost = true;
        h.focus = h.store.networkId(npcs[119]); // the highest id: what a cut in id order reaches last
        h.addClient(1, h.focus);
        java.util.Set<Long> seen = new java.util.HashSet<>();
        int withFocus = 0;
        int snapshots = 0;
        long decoded = 0;
        for (int s = 0; s < 400; s++) {
            sc.step();
            if (h.peers.get(1L).snapshots == decoded) {
                continue; // its acks lag, so sends thin out: not every send carries a snapshot
            }
            decoded = h.peers.get(1L).snapshots;
            var state = h.peers.get(1L).decoder.current(); // a full snapshot: exactly what it carried
            snapshots++;
            for (int i = 0; i < state.size(); i++) {
                seen.add(state.id(i));
            }
            if (state.indexOf(h.focus) >= 0) {
                withFocus++;
            }
        }
        assertThat(snapshots).isGreaterThan(40);
        assertThat(h.encoder.truncatedSnapshots()).as("the frame really was too small").isGreaterThan(snapshots / 2);
        assertThat(h.encoder.throttledSends()).as("a client that never acks gets an eighth of the sends")
                .isGreaterThan(300);
        assertThat(seen).as("every entity reached the client in some snapshot").hasSize(120);
        assertThat(withFocus).as("snapshots carrying the client's own entity").isGreaterThanOrEqualTo(snapshots / 2);
    }

    @Test
    void aClientWhoseAcksLagGetsFewerSnapshotsUntilTheyCatchUp() {
        Scene sc = new Scene(new CompactHarness(4, 0, 10_000_000), 50, 3);
        CompactHarness h = sc.h;
        int[] npcs = sc.npcs;
        h.addClient(1, 0);
        h.acksLost = true;
        for (int s = 0; s < 160; s++) {
            sc.step();
        }
        long starved = h.peers.get(1L).snapshots;
        assertThat(starved).as("snapshots over 160 sends without an ack").isBetween(20L, 50L);
        h.acksLost = false; // its acks arrive again: every send carries a snapshot
        long before = h.peers.get(1L).snapshots;
        for (int s = 0; s < 60; s++) {
            sc.step();
        }
        assertThat(h.peers.get(1L).snapshots - before).isGreaterThan(50);
        assertThat(h.mismatches(1)).isLessThan(50); // it holds the world again (moving, so not all equal)
    }

    @Test
    void clientsWithTheSameBaselineGetTheSameBitsWhetherComputedOrRepeated() {
        // Client 1's deltas are computed; client 2's, against the same baseline, come from the cache.
        Scene sc = new Scene(new CompactHarness(3, 0, 10_000_000), 100, 5);
        CompactHarness h = sc.h;
        int[] npcs = sc.npcs;
        h.addClient(1, 0);
        h.addClient(2, 0);
        int compared = 0;
        for (int s = 0; s < 30; s++) {
            sc.step();
            byte[] a = h.lastPacket.get(1);
            byte[] b = h.lastPacket.get(2);
            if (s >= 2) {
                // Same sequence, tick and baseline distance: the whole packet must match, bit for bit.
                assertThat(b).as("send %d", s).isEqualTo(a);
                compared++;
            }
        }
        assertThat(compared).isEqualTo(28);
        assertThat(h.encoder.sharedSnapshots()).as("client 2's bodies copied from client 1's").isGreaterThanOrEqualTo(28);
        assertThat(h.mismatches(1)).isZero();
        assertThat(h.mismatches(2)).isZero();
    }

    @Test
    void clientsInStepGetTheBytesTheyWouldGetOneByOne() {
        // Same world, same losses: one room repeats in-step clients' offers and targets, the other
        // replicates client by client. Every packet must match, bit for bit.
        Scene fast = new Scene(new CompactHarness(9, 0.05, 10_000_000, true), 100, 6);
        Scene plain = new Scene(new CompactHarness(9, 0.05, 10_000_000, false), 100, 6);
        int compared = 0;
        for (int s = 0; s < 240; s++) {
            if (s < 40 && s % 4 == 0) { // clients join over time
                long id = 1 + s / 4;
                fast.h.addClient(id, 0);
                plain.h.addClient(id, 0);
            }
            if (s == 120) { // one entity dies, and one is born
                fast.h.store.despawn(fast.npcs[7]);
                plain.h.store.despawn(plain.npcs[7]);
                fast.h.spawn(900, 0, 10, 10);
                plain.h.spawn(900, 0, 10, 10);
            }
            fast.step();
            plain.step();
            for (long id : fast.h.ids) {
                assertThat(fast.h.lastPacket.get(id)).as("client %d, send %d", id, s).isEqualTo(plain.h.lastPacket.get(id));
                compared++;
            }
        }
        assertThat(compared).isGreaterThan(2000);
        assertThat(plain.h.replicator.repeatedClients()).isZero();
        assertThat(fast.h.replicator.repeatedClients()).as("clients that repeated another's offers").isGreaterThan(1500);
        assertThat(fast.h.encoder.repeatedTargets()).as("of which the encoder shared the target").isGreaterThan(1000);
        for (long id : fast.h.ids) {
            assertThat(fast.h.mismatches(id)).isZero();
        }
    }

    @Test
    void aBodyWrittenForOneFrameIsNeverCopiedIntoASmallerOne() {
        Scene sc = new Scene(new CompactHarness(4, 0, 10_000_000), 200, 9);
        CompactHarness h = sc.h;
        h.addClient(1, 0);
        h.addClient(2, 0);
        h.addClient(3, 0);
        h.frames.put(2L, 400);
        int longest = 0;
        // Motion, then rest (every mirror converges and all three baselines hold the same
        // entries), then motion again: client 2's baseline now matches client 1's, its frame not.
        for (int s = 0; s < 180; s++) {
            h.next();
            if (s < 60 || s >= 120) {
                sc.move();
            }
            h.send();
            longest = Math.max(longest, h.lastPacket.get(2).length);
            if (s == 119) {
                for (long c = 1; c <= 3; c++) {
                    assertThat(h.mismatches(c)).as("client %d at rest", c).isZero();
                }
            }
            if (s >= 20) { // clients 1 and 3: same frame, target and baseline
                assertThat(h.lastPacket.get(3)).as("send %d", s).isEqualTo(h.lastPacket.get(1));
            }
        }
        assertThat(longest).isLessThanOrEqualTo(400);
        assertThat(h.lastPacket.get(1).length).as("client 1's snapshots do not fit client 2's frame").isGreaterThan(400);
        assertThat(h.encoder.sharedSnapshots()).isGreaterThanOrEqualTo(100);
        for (int s = 0; s < 60; s++) { // at rest again: the small frame catches up too
            h.next();
            h.send();
        }
        for (long c = 1; c <= 3; c++) {
            assertThat(h.mismatches(c)).as("client %d", c).isZero();
        }
    }

    @Test
    void withFivePercentLossEveryMirrorConvergesWithinOneSecond() {
        Scene sc = new Scene(new CompactHarness(7, 0.05, 10_000_000), 200, 1);
        CompactHarness h = sc.h;
        int[] npcs = sc.npcs;
        for (long c = 1; c <= 8; c++) {
            h.addClient(c, 0);
        }
        long[] decoded = new long[9];
        int[] lastProgress = new int[9];
        int longestStall = 0;
        for (int s = 0; s < 600; s++) { // ten seconds of motion at 60 sends per second
            h.next();
            sc.move();
            if (s == 300) {
                h.store.despawnById(150);
                int e = h.spawn(5000, 0, 10, 10);
                h.store.attach(e, NAME);
                h.store.setString(e, PILOT, "late");
            }
            h.send();
            for (int c = 1; c <= 8; c++) {
                long n = h.peers.get((long) c).snapshots;
                if (n > decoded[c]) {
                    decoded[c] = n;
                    lastProgress[c] = s;
                }
                longestStall = Math.max(longestStall, s - lastProgress[c]);
            }
        }
        // A loss only makes the next delta larger: every client keeps decoding new state.
        assertThat(longestStall).as("longest run of sends without a newly decoded snapshot").isLessThan(6);
        assertThat(h.dropped).as("the link really lost snapshots").isGreaterThan(100);
        // Motion stops; within 60 sends (1 s) every mirror equals the store's quantized state.
        int[] convergedAfter = new int[9];
        for (int s = 1; s <= 60; s++) {
            h.next();
            h.send();
            for (int c = 1; c <= 8; c++) {
                if (convergedAfter[c] == 0 && h.mismatches(c) == 0) {
                    convergedAfter[c] = s;
                }
            }
        }
        for (int c = 1; c <= 8; c++) {
            assertThat(convergedAfter[c]).as("client %d converged within 60 sends", c).isBetween(1, 60);
            assertThat(h.mismatches(c)).isZero();
        }
    }

    @Test
    void entitiesAtRestCostNothingOnceAcked() {
        CompactHarness h = new CompactHarness(3, 0, 10_000_000);
        h.next();
        for (int i = 0; i < 100; i++) {
            h.spawn(10 + i, 0, i, i);
        }
        h.addClient(1, 0);
        for (int s = 0; s < 5; s++) {
            h.next();
            h.send();
        }
        long before = h.bytes;
        for (int s = 0; s < 60; s++) {
            h.next();
            h.send();
        }
        assertThat(h.bytes - before).isZero();
        assertThat(h.mismatches(1)).isZero();
    }

    @Test
    void aMovingEntityCostsAtMostSixBytesPerUpdate() {
        Scene sc = new Scene(new CompactHarness(5, 0, 10_000_000), 200, 2);
        CompactHarness h = sc.h;
        int[] npcs = sc.npcs;
        h.addClient(1, 0);
        for (int s = 0; s < 10; s++) {
            sc.step();
        }
        long bytes = h.bytes;
        long entries = h.encoder.entriesWritten();
        for (int s = 0; s < 120; s++) {
            sc.step();
        }
        double perEntity = (double) (h.bytes - bytes) / (h.encoder.entriesWritten() - entries);
        assertThat(h.encoder.entriesWritten() - entries).isEqualTo(120L * 200);
        assertThat(perEntity).as("bytes per moving entity per update, headers included").isLessThanOrEqualTo(6.0);
        assertThat(h.mismatches(1)).isZero();
    }

    @Test
    void onlyComponentsThatChangedSinceTheBaselineAreCompared() {
        CompactHarness h = new CompactHarness(2, 0, 10_000_000);
        h.next();
        int e = h.spawn(100, 0, 10, 10);
        h.store.setFloat(e, DX, 5);
        h.addClient(1, 0);
        for (int s = 0; s < 5; s++) {
            h.next();
            h.send();
        }
        assertThat(h.mismatches(1)).isZero();
        h.acksLost = true; // from here every snapshot is a delta against the last acked one
        int[] dx = {7, 7, 5, 9};
        for (int s = 0; s < dx.length; s++) {
            h.next();
            h.store.setFloat(e, X, 20 + s); // moves every send
            h.store.setFloat(e, DX, dx[s]); // changes, stays, goes back to the baseline's value, changes
            h.send();
            assertThat(h.mismatches(1)).as("send %d", s).isZero();
        }
        h.acksLost = false;
        h.next();
        h.store.setFloat(e, X, 40); // only the transform changes now: velocity is not compared, and not sent
        long before = h.bytes;
        h.send();
        h.next();
        h.send();
        assertThat(h.mismatches(1)).isZero();
        assertThat(h.bytes - before).as("two small deltas").isLessThan(40);
    }

    @Test
    void aSnapshotLargerThanTheFrameCarriesTheRestNextTime() {
        CompactHarness h = new CompactHarness(9, 0, 100_000_000);
        h.next();
        for (int i = 0; i < 900; i++) {
            h.spawn(1 + i, 0, i % 1000, (i * 7) % 1000);
        }
        h.addClient(1, 0);
        h.next();
        h.send();
        assertThat(h.encoder.truncatedSnapshots()).isPositive();
        for (int s = 0; s < 10; s++) {
            h.next();
            h.send();
        }
        assertThat(h.mismatches(1)).isZero();
    }

    @Test
    void aClientThatNeverAcksGetsFullStateEverySendAndStillConverges() {
        CompactHarness h = new CompactHarness(4, 0, 10_000_000);
        h.next();
        int e = h.spawn(42, 0, 5, 5);
        h.addClient(1, 0);
        h.next();
        h.send();
        long first = h.bytes;
        h.peers.get(1L).pendingAck = 0; // nothing acked
        h.next();
        h.store.setFloat(e, X, 6);
        h.replicator.replicate(); // bypass the ack path
        assertThat(h.bytes - first).as("no baseline: the full entity again").isGreaterThan(5);
        assertThat(h.mismatches(1)).isZero();
    }
}
