package dev.aetheris.bench.replication;

import dev.aetheris.codec.MsgpackCodec;
import dev.aetheris.protocol.component.Components;
import dev.aetheris.replication.EntityStore;
import dev.aetheris.replication.ReplicationSchema;
import dev.aetheris.replication.ReplicationSettings;
import dev.aetheris.replication.Visibility;
import dev.aetheris.server.metrics.TickMetrics;
import dev.aetheris.server.tick.StoreReplication;
import dev.aetheris.testkit.InMemoryTransport;
import dev.aetheris.testkit.ScriptedClient;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One replicated tick through the replication core: {@code entities} entities moving in a square
 * world (each writes its Transform into the store), then interest, per-client budget, encoding
 * and the in-memory transport for {@code clients} clients, each focused on its own ship. With
 * {@code codec = v1} every client gets MessagePack records; with {@code v2} every client gets
 * codec v2 snapshots and acknowledges each one before the next send (no loss, no latency: the
 * deltas are as small as they get). The world's side is chosen so a client sees about {@code seen} entities within
 * the interest radius (100 units, margin 10, enter scans every 3 sends); the budget is 48 KiB/s at
 * 60 sends per second. With {@code everyone}, S1's shape: every entity is room-global and the
 * budget is lifted (8 MiB/s), so every client receives every entity's every change.
 * Run with {@code -prof gc} for bytes allocated per tick and {@code -bm sample} for percentiles.
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 3)
@Fork(value = 1, jvmArgsAppend = {"-XX:+UseParallelGC", "-Xmx3g"})
@State(Scope.Thread)
public class ReplicationBenchmark {
    private static final float RADIUS = 100;
    private static final ReplicationSchema SCHEMA = ReplicationSchema.builder()
            .component(Components.TRANSFORM, Visibility.EVERYONE)
            .range("x", -4096, 4096, 0.01).range("y", -4096, 4096, 0.01)
            .component(Components.VELOCITY, Visibility.EVERYONE)
            .component(Components.HULL_POOL, Visibility.EVERYONE)
            .position(Components.TRANSFORM, "x", "y")
            .build();
    private static final int X = SCHEMA.field(Components.TRANSFORM, "x");
    private static final int Y = SCHEMA.field(Components.TRANSFORM, "y");
    private static final int DX = SCHEMA.field(Components.VELOCITY, "dx");
    private static final int DY = SCHEMA.field(Components.VELOCITY, "dy");
    private static final int HULL = SCHEMA.field(Components.HULL_POOL, "current");

    @Param({"10000"})
    public int entities;
    @Param({"1000"})
    public int clients;
    @Param({"150"})
    public int seen;
    @Param({"v1", "v2"})
    public String codec = "v1";
    /** S1's shape instead of interest: every entity room-global, so every client sees all of them, with the budget lifted. */
    @Param({"false"})
    public boolean everyone;
    /** v2: each client acknowledges the snapshot sent this many sends before its newest (0 = the newest; 6 ≈ 100 ms). */
    @Param({"0"})
    public int ackLag;
    /** Per-client budget in bytes per second; 0 = the scenario's (48 KiB/s with interest, lifted for S1). */
    @Param({"0"})
    public int budget;

    private EntityStore store;
    private StoreReplication replication;
    private final List<ScriptedClient> connected = new ArrayList<>();
    private float[] vx;
    private float[] vy;
    private float half;
    private long tick;

    @Setup(Level.Trial)
    public void setUp() {
        // seen = entities × πR² / side² for a uniform spread.
        float side = (float) Math.sqrt(entities * Math.PI * RADIUS * RADIUS / seen);
        half = side / 2;
        store = new EntityStore(SCHEMA, entities);
        InMemoryTransport transport = new InMemoryTransport(InMemoryTransport.Options.DEFAULT.withQueues(64, 64));
        boolean v2 = switch (codec) {
            case "v1" -> false;
            case "v2" -> true;
            default -> throw new IllegalArgumentException("codec must be v1 or v2, got " + codec);
        };
        // v2 acks: what was sent is acknowledged by the next send (read when the client's turn comes).
        int perClient = budget > 0 ? budget : everyone ? 8 << 20 : 48 * 1024;
        replication = new StoreReplication(store, ReplicationSettings.of(RADIUS, perClient, 60),
                new MsgpackCodec(), transport, new TickMetrics(), id -> v2,
                id -> Math.max(0, replication.compactEncoder().lastSentSequence(id) - ackLag),
                id -> 999 + id); // client i (ids from 1) flies ship 1000 + i, set as its focus below
        SplittableRandom rng = new SplittableRandom(13);
        vx = new float[entities];
        vy = new float[entities];
        long mask = SCHEMA.mask(0, 1, 2);
        for (int i = 0; i < entities; i++) {
            // S1's clients are on WebSocket (one frame per send), the others on datagrams.
            ScriptedClient c = i >= clients ? null : everyone ? transport.connectStream() : transport.connect();
            int e = store.spawn(1000 + i, 1, c == null ? 0 : c.id(), 100, mask);
            store.setFloat(e, X, (float) rng.nextDouble(-half, half));
            store.setFloat(e, Y, (float) rng.nextDouble(-half, half));
            vx[e] = (float) rng.nextDouble(-50, 50) / 60;
            vy[e] = (float) rng.nextDouble(-50, 50) / 60;
            store.setFloat(e, DX, vx[e] * 60);
            store.setFloat(e, DY, vy[e] * 60);
            store.setLong(e, HULL, 200);
            store.setGlobal(e, everyone);
            if (c != null) {
                connected.add(c);
                replication.addClient(c.id());
                replication.replicator().setRoom(c.id(), 100);
                replication.replicator().setFocus(c.id(), 1000 + i);
            }
        }
        for (int i = 0; i < 600; i++) {
            step();
        }
    }

    @Benchmark
    public long replicatedTick() {
        return step();
    }

    /** Entities all clients know now (for the probe: known versus within the radius). */
    public long knownTotal() {
        long n = 0;
        for (ScriptedClient c : connected) {
            n += replication.replicator().view(c.id()).knownCount();
        }
        return n;
    }

    /** Entities within the interest radius of every client's ship, summed, counted by brute force. */
    public long withinRadiusTotal() {
        long n = 0;
        for (int c = 0; c < clients; c++) {
            float cx = store.getFloat(c, X);
            float cy = store.getFloat(c, Y);
            for (int e = 0; e < entities; e++) {
                float dx = store.getFloat(e, X) - cx;
                float dy = store.getFloat(e, Y) - cy;
                if (dx * dx + dy * dy <= RADIUS * RADIUS) {
                    n++;
                }
            }
        }
        return n;
    }

    /** v2 snapshots sent, how many of them copied another client's body, delta cache lookups and hits (zeros for v1). */
    public long[] snapshotCounts() {
        var v2 = replication.compactEncoder();
        if (v2 == null) {
            return new long[4];
        }
        long[] cache = v2.deltaCacheCounts();
        return new long[] {v2.snapshotsSent(), v2.sharedSnapshots(), cache[0], cache[1]};
    }

    /** Bytes queued for all clients by the latest tick. */
    public long lastTickBytes() {
        long n = 0;
        for (ScriptedClient c : connected) {
            n += replication.replicator().view(c.id()).lastSendBytes();
        }
        return n;
    }

    private long step() {
        store.setTick(++tick);
        for (int e = 0; e < entities; e++) {
            float x = store.getFloat(e, X) + vx[e];
            float y = store.getFloat(e, Y) + vy[e];
            store.setFloat(e, X, x > half ? x - 2 * half : x < -half ? x + 2 * half : x);
            store.setFloat(e, Y, y > half ? y - 2 * half : y < -half ? y + 2 * half : y);
        }
        replication.send();
        for (int i = 0; i < connected.size(); i++) {
            connected.get(i).discardReceived();
        }
        return tick;
    }
}
