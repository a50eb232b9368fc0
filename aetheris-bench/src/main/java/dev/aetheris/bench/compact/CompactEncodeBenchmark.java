package dev.aetheris.bench.compact;

import dev.aetheris.protocol.component.Components;
import dev.aetheris.replication.EntityStore;
import dev.aetheris.replication.ReplicationSchema;
import dev.aetheris.replication.ReplicationSettings;
import dev.aetheris.replication.Replicator;
import dev.aetheris.replication.Visibility;
import dev.aetheris.server.compact.CompactReplicationEncoder;
import dev.aetheris.server.compact.SnapshotOutlet;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Codec v2 per send, S1-shaped: {@value #ENTITIES} entities (all moving at 100 units/s in a
 * 1000-unit box, as S1's NPCs; or all at rest) seen by every one of {@value #CLIENTS} clients that
 * ack every snapshot. One operation is one entity for one client, so the score is nanoseconds per
 * entity per client for the whole replicator send (interest, budget, quantization once per
 * entity, per-client comparison and bit writing); bytes go nowhere.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class CompactEncodeBenchmark {
    static final int ENTITIES = 200;
    static final int CLIENTS = 50;

    private static final ReplicationSchema SCHEMA = ReplicationSchema.builder()
            .component(Components.TRANSFORM, Visibility.EVERYONE)
            .range("x", 0, 1024, 0.05).range("y", 0, 1024, 0.05).range("rotation", -Math.PI, Math.PI, Math.PI / 512)
            .component(Components.VELOCITY, Visibility.EVERYONE)
            .range("dx", -256, 256, 0.05).range("dy", -256, 256, 0.05)
            .position(Components.TRANSFORM, "x", "y")
            .build();
    private static final int X = SCHEMA.field(Components.TRANSFORM, "x");
    private static final int Y = SCHEMA.field(Components.TRANSFORM, "y");

    /** Whether the entities move every send. */
    @Param({"true", "false"})
    public boolean moving;

    private EntityStore store;
    private Replicator replicator;
    private CompactReplicationEncoder encoder;
    private final long[] lastSeq = new long[CLIENTS + 1];
    private int[] index;
    private float[] vx;
    private float[] vy;
    private long tick;
    /** Bytes the last sends produced (read so the JIT keeps the work). */
    public long bytes;

    @Setup(Level.Trial)
    public void setUp() {
        store = new EntityStore(SCHEMA, 1024);
        SnapshotOutlet outlet = new SnapshotOutlet() {
            @Override
            public int frameLimit(long clientId) {
                return 60 * 1024;
            }

            @Override
            public boolean sendUnreliable(long clientId, byte[] data, int offset, int length) {
                bytes += length;
                lastSeq[(int) clientId] = (data[offset + 2] & 0xffL) | (data[offset + 3] & 0xffL) << 8
                        | (data[offset + 4] & 0xffL) << 16 | (data[offset + 5] & 0xffL) << 24;
                return true;
            }

            @Override
            public void sendReliable(long clientId, byte[] data, int offset, int length) {
                bytes += length;
            }
        };
        encoder = new CompactReplicationEncoder(store, outlet, 60 * 1024, id -> lastSeq[(int) id], id -> 0);
        replicator = new Replicator(store, ReplicationSettings.of(5000, 100_000_000, 60), encoder);
        Random r = new Random(1);
        index = new int[ENTITIES];
        vx = new float[ENTITIES];
        vy = new float[ENTITIES];
        store.setTick(++tick);
        for (int i = 0; i < ENTITIES; i++) {
            int e = store.spawn(1 + i, 3, 0, 0, SCHEMA.mask(0, 1));
            store.setGlobal(e, true);
            store.setFloat(e, X, r.nextFloat() * 1000);
            store.setFloat(e, Y, r.nextFloat() * 1000);
            double heading = r.nextDouble() * 2 * Math.PI;
            vx[i] = (float) (100 * Math.cos(heading));
            vy[i] = (float) (100 * Math.sin(heading));
            index[i] = e;
        }
        for (long c = 1; c <= CLIENTS; c++) {
            replicator.addClient(c);
        }
        for (int s = 0; s < 3; s++) {
            send();
        }
    }

    @Benchmark
    @OperationsPerInvocation(ENTITIES * CLIENTS)
    public long send() {
        store.setTick(++tick);
        if (moving) {
            for (int i = 0; i < ENTITIES; i++) {
                int e = index[i];
                float x = store.getFloat(e, X) + vx[i] / 60f;
                float y = store.getFloat(e, Y) + vy[i] / 60f;
                if (x < 0 || x > 1000) {
                    vx[i] = -vx[i];
                    x = Math.clamp(x, 0, 1000);
                }
                if (y < 0 || y > 1000) {
                    vy[i] = -vy[i];
                    y = Math.clamp(y, 0, 1000);
                }
                store.setFloat(e, X, x);
                store.setFloat(e, Y, y);
            }
        }
        replicator.replicate();
        return bytes;
    }
}
