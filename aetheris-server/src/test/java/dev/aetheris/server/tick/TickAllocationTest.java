package dev.aetheris.server.tick;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aetheris.codec.compact.CompactFrames;
import dev.aetheris.codec.compact.SnapshotFormat;
import dev.aetheris.protocol.error.CodecException;
import dev.aetheris.protocol.event.WireEvent;
import dev.aetheris.protocol.seam.WorldState;
import dev.aetheris.server.tick.TickHarness.Player;
import dev.aetheris.testkit.InMemoryTransport;
import dev.aetheris.testkit.ScriptedClient;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The steady-state tick allocates nothing, for v1 and codec v2 clients alike: upstream claimed
 * zero-alloc but never measured it.
 */
class TickAllocationTest {
    private static final int V1_CLIENTS = 80;
    private static final int V2_CLIENTS = 20;
    private static final int WARM_UP = 2000;

    /** A client that sent a HELLO: acks the newest snapshot it received, as a v2 client does every tick. */
    private static final class V2Client {
        final ScriptedClient client;
        final byte[] ack = new byte[CompactFrames.INPUT_HEADER];
        long newest;
        int snapshots;

        V2Client(TickHarness h, int n) {
            String token = "v2-" + n;
            h.sessions.issue(token, "v2-player-" + n, false);
            client = h.transport.connect();
            byte[] hello = new byte[3];
            CompactFrames.writeHello(hello, 0);
            client.sendReliable(hello);
            client.sendReliable(h.encode(new WireEvent.Auth(token)));
            client.sendReliable(h.encode(new WireEvent.StartSession()));
        }

        void read() throws CodecException {
            client.takeReliable();
            for (byte[] b : client.takeUnreliable()) {
                if (CompactFrames.isCompact(b, 0, b.length) && CompactFrames.type(b, 0) == CompactFrames.SNAPSHOT) {
                    newest = Math.max(newest, SnapshotFormat.sequence(b, 0, b.length));
                    snapshots++;
                }
            }
            if (newest != 0) {
                CompactFrames.writeInputHeader(newest, ack, 0);
                client.sendUnreliable(ack);
            }
        }
    }

    @Test
    void hundredClientsThousandMovingEntitiesAllocateNothingPerTick() throws CodecException {
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        assertThat(mx.isThreadAllocatedMemorySupported()).isTrue();
        mx.setThreadAllocatedMemoryEnabled(true);

        TickHarness h = new TickHarness(InMemoryTransport.Options.DEFAULT.withQueues(256, 4096), 100_000);
        List<Player> players = new ArrayList<>();
        for (int i = 0; i < V1_CLIENTS; i++) {
            players.add(h.withShip(false));
        }
        List<V2Client> v2 = new ArrayList<>();
        for (int i = 0; i < V2_CLIENTS; i++) {
            v2.add(new V2Client(h, i));
        }
        for (int i = 0; i < 1000; i++) {
            // Within every ship's interest radius, so each client's budget is what limits its state.
            h.world.spawnMoving(i % 40 * 5f, i / 40 * 5f, 0.01f, 0.005f, WorldState.NO_ROOM);
        }
        // Warm-up: arenas, queues and the JIT settle (C2 must be done). The session re-check runs
        // only every revalidateEvery ticks, so left alone it reaches C2 during the measurement, and
        // when HotSpot queues a class's first method for C2 it interns every string literal of that
        // class on the calling thread (48 B for the verifier's "revoked", on a re-check tick). A
        // revocation elsewhere makes the next tick re-check every session: one per warm-up tick
        // warms that path as much as the per-tick ones.
        for (int i = 0; i < WARM_UP; i++) {
            h.sessions.issue("elsewhere-" + i, "elsewhere-" + i, false);
        }
        for (int i = 0; i < WARM_UP; i++) {
            h.sessions.revoke("elsewhere-" + i);
            h.ticks(1);
            readAll(players, v2);
        }
        assertThat(h.tick.authenticatedCount()).as("the revocations elsewhere dropped nobody")
                .isEqualTo(V1_CLIENTS + V2_CLIENTS);
        int snapshotsBefore = v2.stream().mapToInt(c -> c.snapshots).sum();
        long allocated = 0;
        List<String> allocatingTicks = new ArrayList<>();
        long bytesBefore = h.metrics.bytesOutbound.get();
        for (int i = 0; i < 1000; i++) { // 16 periodic session re-checks among them
            h.clock.advanceNanos(1_000_000_000L / 60);
            long tick = h.tick.currentTick();
            long before = mx.getCurrentThreadAllocatedBytes();
            h.tick.tick();
            long d = mx.getCurrentThreadAllocatedBytes() - before;
            if (d != 0) {
                allocatingTicks.add("tick " + tick + ": " + d + " B");
            }
            allocated += d;
            readAll(players, v2);
        }
        long bytes = h.metrics.bytesOutbound.get() - bytesBefore;
        int snapshots = v2.stream().mapToInt(c -> c.snapshots).sum() - snapshotsBefore;
        // 48 KiB/s at 60 Hz is 819 bytes per client per tick; most of it is used.
        assertThat(bytes).as("state was actually sent every tick, up to each budget")
                .isGreaterThan(1000L * (V1_CLIENTS + V2_CLIENTS) * 600);
        assertThat(snapshots).as("every v2 client got a snapshot every tick").isEqualTo(1000 * V2_CLIENTS);
        assertThat(h.metrics.outboundDropped.get()).isZero();
        assertThat(allocatingTicks).as("allocating ticks").isEmpty();
        assertThat(allocated).as("bytes allocated in 1000 ticks").isZero();
    }

    private static void readAll(List<Player> players, List<V2Client> v2) throws CodecException {
        for (int p = 0; p < players.size(); p++) {
            players.get(p).client.discardReceived();
        }
        for (int c = 0; c < v2.size(); c++) {
            v2.get(c).read();
        }
    }
}
