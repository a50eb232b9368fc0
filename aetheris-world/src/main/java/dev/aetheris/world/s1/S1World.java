package dev.aetheris.world.s1;

import dev.aetheris.protocol.NetworkIdAllocator;
import dev.aetheris.protocol.component.Components;
import dev.aetheris.protocol.component.EntityKinds;
import dev.aetheris.protocol.component.InputCommandBuffer;
import dev.aetheris.protocol.error.WorldError;
import dev.aetheris.protocol.error.WorldException;
import dev.aetheris.protocol.event.GameEvent;
import dev.aetheris.protocol.seam.InputVerdict;
import dev.aetheris.protocol.seam.ReliableEventQueue;
import dev.aetheris.protocol.seam.ReliableEventSink;
import dev.aetheris.protocol.seam.ReplicationSink;
import dev.aetheris.protocol.util.Mulberry32;
import dev.aetheris.replication.EntityStore;
import dev.aetheris.replication.ReplicatedWorld;
import dev.aetheris.replication.ReplicationSchema;
import dev.aetheris.replication.StoreExtractor;
import dev.aetheris.replication.Visibility;

/**
 * Benchmark scenario S1, exactly as specified for the side-by-side comparison: one box
 * [0,1000]², 200 bouncing NPCs from mulberry32(1), one ship per join (the k-th join draws from
 * seed 1000+k) steered by the latest {thrust, turn} input, everyone sees everything. Simulated in
 * doubles like the reference implementation; replicated as {@code Transform}s written into an
 * {@link EntityStore} each tick (the float values the wire carries), from which the engine replicates.
 *
 * <p>Input mapping: the {@code Move} action carries turn in {@code x} and thrust in {@code y}.
 * Room-loop thread only; steady-state ticks allocate nothing.
 */
public final class S1World implements ReplicatedWorld {
    private static final int BOX_EDGE = 1000;
    /** Box edge. */
    public static final double BOX = BOX_EDGE;
    /** What S1 replicates: a {@code Transform} per entity, positions in the box, angles in [0, 2π). */
    public static final ReplicationSchema SCHEMA = ReplicationSchema.builder()
            .component(Components.TRANSFORM, Visibility.EVERYONE)
            .range("x", 0, BOX_EDGE, 0.01).range("y", 0, BOX_EDGE, 0.01)
            .range("rotation", 0, 2 * Math.PI, Math.PI / 2048)
            .position(Components.TRANSFORM, "x", "y")
            .build();
    private static final int X = SCHEMA.field(Components.TRANSFORM, "x");
    private static final int Y = SCHEMA.field(Components.TRANSFORM, "y");
    private static final int ROT = SCHEMA.field(Components.TRANSFORM, "rotation");
    private static final int TYPE = SCHEMA.field(Components.TRANSFORM, "entity_type");
    private static final long MASK = SCHEMA.mask(SCHEMA.component(Components.TRANSFORM));

    /** NPC count. */
    public static final int NPC_COUNT = 200;
    private static final double DT = 1.0 / 60;
    private static final double TWO_PI = 2 * Math.PI;
    private static final double NPC_SPEED = 100;
    private static final double THRUST = 300;
    private static final double DRAG = 2;

    private final NetworkIdAllocator ids = new NetworkIdAllocator();
    private final int capacity;
    private final long[] nid;
    private final double[] x;
    private final double[] y;
    private final double[] angle;
    private final double[] vx;
    private final double[] vy;
    private final double[] thrust;
    private final double[] turn;
    private final long[] lastInputTick;
    private final boolean[] live;
    /** Store index of each slot (slots are never reused; store indices are). */
    private final int[] index;
    /** Slot of each store index. */
    private final int[] slotAt;
    private final EntityStore store;
    private final StoreExtractor extractor;
    private int slots;
    private int joins;
    private final ReliableEventQueue reliable = new ReliableEventQueue();
    private long tick;

    /** @param maxShips most ships over the world's life (joins are never reused, as in the reference) */
    public S1World(int maxShips) {
        if (maxShips < 1) {
            throw new IllegalArgumentException("max-entities must leave room for ships, got " + maxShips);
        }
        capacity = NPC_COUNT + maxShips;
        nid = new long[capacity];
        x = new double[capacity];
        y = new double[capacity];
        angle = new double[capacity];
        vx = new double[capacity];
        vy = new double[capacity];
        thrust = new double[capacity];
        turn = new double[capacity];
        lastInputTick = new long[capacity];
        live = new boolean[capacity];
        index = new int[capacity];
        slotAt = new int[capacity];
        store = new EntityStore(SCHEMA, capacity);
        extractor = new StoreExtractor(store);
        Mulberry32 r = new Mulberry32(1);
        for (int i = 0; i < NPC_COUNT; i++) {
            newSlot(0, r);
        }
    }

    private int newSlot(long ownerClient, Mulberry32 r) {
        int s = slots++;
        nid[s] = ids.allocate();
        live[s] = true;
        x[s] = r.next() * BOX;
        y[s] = r.next() * BOX;
        angle[s] = r.next() * TWO_PI;
        int e = store.spawn(nid[s], kind(s), ownerClient, NO_ROOM, MASK);
        store.setGlobal(e, true); // S1: every client sees every entity, interest never applies
        index[s] = e;
        slotAt[e] = s;
        store.setLong(e, TYPE, kind(s));
        writeTransform(s);
        return s;
    }

    private void writeTransform(int s) {
        int e = index[s];
        store.setFloat(e, X, (float) x[s]);
        store.setFloat(e, Y, (float) y[s]);
        store.setFloat(e, ROT, (float) angle[s]);
    }

    @Override
    public EntityStore store() {
        return store;
    }

    /** Position of an entity (tests). */
    public double[] position(long networkId) {
        int s = slot(networkId);
        return new double[] {x[s], y[s], angle[s]};
    }

    @Override
    public void advanceTick() {
        tick++;
        store.setTick(tick);
    }

    @Override
    public InputVerdict applyInput(long clientId, long networkId, InputCommandBuffer input) {
        int e = store.indexOf(networkId);
        if (e == EntityStore.NONE) {
            return InputVerdict.NO_SUCH_ENTITY;
        }
        int s = slotAt[e];
        if (store.owner(e) != clientId) {
            return InputVerdict.NOT_YOUR_SHIP;
        }
        if (Long.compareUnsigned(input.tick(), lastInputTick[s]) <= 0) {
            return InputVerdict.ACCEPTED; // a repeat from a redundant batch, or older: the latest input wins
        }
        for (int i = input.actionCount() - 1; i >= 0; i--) {
            if (input.actionKind(i) == InputCommandBuffer.MOVE) {
                float mx = input.moveX(i);
                float my = input.moveY(i);
                if (!Float.isFinite(mx) || !Float.isFinite(my)) {
                    return InputVerdict.NON_FINITE_AXIS;
                }
                turn[s] = Math.max(-1, Math.min(1, mx));
                thrust[s] = Math.max(-1, Math.min(1, my));
                break;
            }
        }
        lastInputTick[s] = input.tick();
        return InputVerdict.ACCEPTED;
    }

    @Override
    public void simulate() {
        double d = NPC_SPEED * DT;
        for (int i = 0; i < NPC_COUNT; i++) {
            if (!live[i]) {
                continue;
            }
            double a = angle[i];
            double nx = x[i] + Math.cos(a) * d;
            double ny = y[i] + Math.sin(a) * d;
            boolean bounced = false;
            if (nx < 0) {
                nx = -nx;
                a = Math.PI - a;
                bounced = true;
            } else if (nx > BOX) {
                nx = 2 * BOX - nx;
                a = Math.PI - a;
                bounced = true;
            }
            if (ny < 0) {
                ny = -ny;
                a = -a;
                bounced = true;
            } else if (ny > BOX) {
                ny = 2 * BOX - ny;
                a = -a;
                bounced = true;
            }
            x[i] = nx;
            y[i] = ny;
            if (bounced) {
                angle[i] = wrap(a);
            }
            writeTransform(i);
        }
        for (int s = NPC_COUNT; s < slots; s++) {
            if (!live[s]) {
                continue;
            }
            double a = wrap(angle[s] + turn[s] * Math.PI * DT);
            double acc = thrust[s] * THRUST * DT;
            double nvx = vx[s] + Math.cos(a) * acc;
            double nvy = vy[s] + Math.sin(a) * acc;
            nvx -= nvx * DRAG * DT;
            nvy -= nvy * DRAG * DT;
            double nx = x[s] + nvx * DT;
            double ny = y[s] + nvy * DT;
            if (nx < 0) {
                nx = 0;
                nvx = 0;
            } else if (nx > BOX) {
                nx = BOX;
                nvx = 0;
            }
            if (ny < 0) {
                ny = 0;
                nvy = 0;
            } else if (ny > BOX) {
                ny = BOX;
                nvy = 0;
            }
            x[s] = nx;
            y[s] = ny;
            vx[s] = nvx;
            vy[s] = nvy;
            angle[s] = a;
            writeTransform(s); // The store compares: a ship at rest sends nothing.
        }
    }

    private static double wrap(double a) {
        a %= TWO_PI;
        return a < 0 ? a + TWO_PI : a;
    }

    @Override
    public void extractChanges(ReplicationSink sink) {
        extractor.extractChanges(sink);
    }

    private int kind(int s) {
        return s < NPC_COUNT ? EntityKinds.AI_INTERCEPTOR : EntityKinds.INTERCEPTOR;
    }

    @Override
    public void extractReliableEvents(ReliableEventSink sink) {
        reliable.drainTo(sink);
    }

    @Override
    public void postExtract() {
        extractor.postExtract();
        store.setTick(tick + 1); // Joins between ticks belong to the next send.
    }

    @Override
    public void writeVisibleState(long clientId, ReplicationSink sink) {
        extractor.writeVisibleState(NO_ROOM, sink);
    }

    @Override
    public long spawnKind(int entityKind, float px, float py, float rot, long clientId) throws WorldException {
        throw new WorldException(new WorldError.InvalidInput("the S1 benchmark world has no playground spawns"));
    }

    @Override
    public long spawnSessionShip(int entityKind, float px, float py, float rot, long clientId) throws WorldException {
        if (slots == capacity) {
            throw new WorldException(new WorldError.EntityLimitReached(capacity));
        }
        int s = newSlot(clientId, new Mulberry32(1000 + joins++));
        return nid[s];
    }

    @Override
    public boolean despawn(long networkId) {
        int e = store.indexOf(networkId);
        if (e == EntityStore.NONE) {
            return false;
        }
        live[slotAt[e]] = false;
        store.despawn(e);
        return true;
    }

    @Override
    public boolean isAlive(long networkId) {
        return store.indexOf(networkId) != EntityStore.NONE;
    }

    @Override
    public int stressTest(int count, boolean rotate) {
        return 0; // S1 is fixed: 200 NPCs plus one ship per client
    }

    @Override
    public void clearWorld() {
        for (int s = 0; s < slots; s++) {
            if (live[s]) {
                despawn(nid[s]);
            }
        }
    }

    @Override
    public long entityRoom(long networkId) {
        return NO_ROOM;
    }

    @Override
    public long clientRoom(long clientId) {
        return NO_ROOM;
    }

    @Override
    public void removeClient(long clientId) {
        // ships are despawned by the tick loop; nothing else is kept per client
    }

    @Override
    public void queueReliableEvent(long targetClientId, GameEvent event) {
        reliable.add(targetClientId, event);
    }

    @Override
    public int entityCount() {
        return store.size();
    }

    @Override
    public long stateHash() {
        long h = 0xcbf29ce484222325L;
        for (int s = 0; s < slots; s++) {
            if (live[s]) {
                h = (h ^ nid[s]) * 0x100000001b3L;
                h = (h ^ Double.doubleToLongBits(x[s])) * 0x100000001b3L;
                h = (h ^ Double.doubleToLongBits(y[s])) * 0x100000001b3L;
            }
        }
        return h;
    }

    private int slot(long networkId) {
        int e = store.indexOf(networkId);
        if (e == EntityStore.NONE) {
            throw new IllegalArgumentException("no entity " + networkId);
        }
        return slotAt[e];
    }
}
