package dev.aetheris.testkit;

import dev.aetheris.protocol.NetworkIdAllocator;
import dev.aetheris.protocol.component.Components;
import dev.aetheris.protocol.component.InputCommand;
import dev.aetheris.protocol.component.InputCommandBuffer;
import dev.aetheris.protocol.error.WorldError;
import dev.aetheris.protocol.error.WorldException;
import dev.aetheris.protocol.event.GameEvent;
import dev.aetheris.protocol.seam.InputVerdict;
import dev.aetheris.protocol.seam.ReliableEventQueue;
import dev.aetheris.protocol.seam.ReliableEventSink;
import dev.aetheris.protocol.seam.ReplicationSink;
import dev.aetheris.protocol.util.LongMap;
import dev.aetheris.replication.EntityStore;
import dev.aetheris.replication.ReplicatedWorld;
import dev.aetheris.replication.ReplicationSchema;
import dev.aetheris.replication.StoreExtractor;
import dev.aetheris.replication.Visibility;
import java.util.ArrayList;
import java.util.List;

/**
 * A small, predictable world for tick-loop tests and benchmarks, written over the replication
 * core's {@link EntityStore} as a game would be: entities are points with a {@code Transform};
 * moving ones advance by their velocity every tick; rooms are assigned by the test. The
 * extraction methods delegate to a {@link StoreExtractor} for tick loops that still ask for
 * changes. Steady-state ticks allocate nothing.
 */
public final class FakeWorld implements ReplicatedWorld {
    /** The one replicated component: {@code Transform}, positioned by its x and y. */
    public static final ReplicationSchema SCHEMA = ReplicationSchema.builder()
            .component(Components.TRANSFORM, Visibility.EVERYONE)
            .position(Components.TRANSFORM, "x", "y")
            .build();
    private static final int X = SCHEMA.field(Components.TRANSFORM, "x");
    private static final int Y = SCHEMA.field(Components.TRANSFORM, "y");
    private static final int ROT = SCHEMA.field(Components.TRANSFORM, "rotation");
    private static final int KIND = SCHEMA.field(Components.TRANSFORM, "entity_type");
    private static final long MASK = SCHEMA.mask(0);
    private static final long NO_OWNER = 0;

    /** An input the world accepted. @param clientId sender @param networkId target @param input the command */
    public record AppliedInput(long clientId, long networkId, InputCommand input) {
    }

    private final NetworkIdAllocator ids = new NetworkIdAllocator();
    private final LongMap<long[]> clientRooms = new LongMap<>();
    private final int maxEntities;
    private final EntityStore store;
    private final StoreExtractor extractor;
    private final float[] vx;
    private final float[] vy;
    private final ReliableEventQueue reliable = new ReliableEventQueue();
    private final List<AppliedInput> applied = new ArrayList<>();
    private long tick;
    private long shipRoom = NO_ROOM;
    private long stressRoom = NO_ROOM;

    /** @param maxEntities world-wide entity cap (the store is sized for it) */
    public FakeWorld(int maxEntities) {
        this.maxEntities = maxEntities;
        store = new EntityStore(SCHEMA, maxEntities);
        extractor = new StoreExtractor(store);
        vx = new float[maxEntities];
        vy = new float[maxEntities];
    }

    @Override
    public EntityStore store() {
        return store;
    }

    /** Room given to session ships (and so to their clients); default {@link #NO_ROOM}. */
    public void setShipRoom(long roomId) {
        this.shipRoom = roomId;
    }

    /** Room given to stress-test entities; default {@link #NO_ROOM}. */
    public void setStressRoom(long roomId) {
        this.stressRoom = roomId;
    }

    /** Moves an entity into a room. */
    public void setEntityRoom(long networkId, long roomId) {
        store.setRoom(index(networkId), roomId);
    }

    /** Moves a client into a room ({@link #NO_ROOM} to leave). */
    public void setClientRoom(long clientId, long roomId) {
        if (roomId == NO_ROOM) {
            clientRooms.remove(clientId);
        } else {
            clientRooms.put(clientId, new long[] {roomId});
        }
    }

    /** Spawns a moving entity at a position (test setup). */
    public long spawnMoving(float px, float py, float dx, float dy, long roomId) {
        long id = add(1, px, py, 0, NO_OWNER);
        int i = store.indexOf(id);
        vx[i] = dx;
        vy[i] = dy;
        store.setRoom(i, roomId);
        return id;
    }

    /** Sets how far an entity moves per tick (0, 0 stops it). */
    public void setVelocity(long networkId, float dx, float dy) {
        int i = index(networkId);
        vx[i] = dx;
        vy[i] = dy;
    }

    /** Moves an entity to a position (test setup). */
    public void moveTo(long networkId, float px, float py) {
        int i = index(networkId);
        store.setFloat(i, X, px);
        store.setFloat(i, Y, py);
    }

    /** Inputs accepted so far, oldest first. */
    public List<AppliedInput> appliedInputs() {
        return List.copyOf(applied);
    }

    /** The entity's x position (for assertions). */
    public float x(long networkId) {
        return store.getFloat(index(networkId), X);
    }

    /** The entity's kind. */
    public int kind(long networkId) {
        return store.kind(index(networkId));
    }

    /** How many times {@link #advanceTick()} ran (for assertions). */
    public long tick() {
        return tick;
    }

    @Override
    public void advanceTick() {
        tick++;
        store.setTick(tick);
    }

    @Override
    public InputVerdict applyInput(long clientId, long networkId, InputCommandBuffer input) {
        int i = store.indexOf(networkId);
        if (i == EntityStore.NONE) {
            return InputVerdict.NO_SUCH_ENTITY;
        }
        if (store.owner(i) != clientId) {
            return InputVerdict.NOT_YOUR_SHIP;
        }
        applied.add(new AppliedInput(clientId, networkId, input.toCommand())); // a copy: the buffer is reused
        for (int a = 0; a < input.actionCount(); a++) {
            if (input.actionKind(a) == InputCommandBuffer.MOVE) {
                vx[i] = input.moveX(a);
                vy[i] = input.moveY(a);
            }
        }
        return InputVerdict.ACCEPTED;
    }

    @Override
    public void simulate() {
        int high = store.highWater();
        for (int i = 0; i < high; i++) {
            if (store.isAlive(i) && (vx[i] != 0 || vy[i] != 0)) {
                store.setFloat(i, X, store.getFloat(i, X) + vx[i]);
                store.setFloat(i, Y, store.getFloat(i, Y) + vy[i]);
                store.setFloat(i, ROT, store.getFloat(i, ROT) + 0.01f);
            }
        }
    }

    @Override
    public void extractChanges(ReplicationSink sink) {
        extractor.extractChanges(sink);
    }

    @Override
    public void extractReliableEvents(ReliableEventSink sink) {
        reliable.drainTo(sink);
    }

    @Override
    public void postExtract() {
        extractor.postExtract();
    }

    @Override
    public void writeVisibleState(long clientId, ReplicationSink sink) {
        extractor.writeVisibleState(clientRoom(clientId), sink);
    }

    @Override
    public long spawnKind(int entityKind, float px, float py, float prot, long clientId) throws WorldException {
        if (!Float.isFinite(px) || !Float.isFinite(py) || !Float.isFinite(prot)) {
            throw new WorldException(new WorldError.InvalidInput("non-finite spawn position"));
        }
        if (store.size() >= maxEntities) {
            throw new WorldException(new WorldError.EntityLimitReached(maxEntities));
        }
        return add(entityKind, px, py, prot, clientId);
    }

    @Override
    public long spawnSessionShip(int entityKind, float px, float py, float prot, long clientId) throws WorldException {
        if (store.size() >= maxEntities) {
            throw new WorldException(new WorldError.EntityLimitReached(maxEntities));
        }
        long id = add(entityKind, px, py, prot, clientId);
        store.setRoom(store.indexOf(id), shipRoom);
        setClientRoom(clientId, shipRoom);
        return id;
    }

    @Override
    public boolean despawn(long networkId) {
        return store.despawnById(networkId);
    }

    @Override
    public boolean isAlive(long networkId) {
        return store.indexOf(networkId) != EntityStore.NONE;
    }

    @Override
    public int stressTest(int n, boolean rotate) {
        int spawned = 0;
        while (spawned < n && store.size() < maxEntities) {
            int i = store.indexOf(add(1, spawned, 0, 0, NO_OWNER));
            vx[i] = 1f;
            store.setRoom(i, stressRoom);
            spawned++;
        }
        return spawned;
    }

    @Override
    public void clearWorld() {
        int high = store.highWater();
        for (int i = 0; i < high; i++) {
            if (store.isAlive(i)) {
                store.despawn(i);
            }
        }
    }

    @Override
    public long entityRoom(long networkId) {
        int i = store.indexOf(networkId);
        return i == EntityStore.NONE ? NO_ROOM : store.room(i);
    }

    @Override
    public long clientRoom(long clientId) {
        long[] r = clientRooms.get(clientId);
        return r == null ? NO_ROOM : r[0];
    }

    @Override
    public void removeClient(long clientId) {
        clientRooms.remove(clientId);
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
        int high = store.highWater();
        for (int i = 0; i < high; i++) {
            if (store.isAlive(i)) {
                h = (h ^ store.networkId(i)) * 0x100000001b3L;
                h = (h ^ Float.floatToRawIntBits(store.getFloat(i, X))) * 0x100000001b3L;
                h = (h ^ Float.floatToRawIntBits(store.getFloat(i, Y))) * 0x100000001b3L;
            }
        }
        return h;
    }

    /** Always false: the store's despawn log never overflows (kept for tests written before it). */
    public boolean despawnOverflow() {
        return false;
    }

    private int index(long networkId) {
        int i = store.indexOf(networkId);
        if (i == EntityStore.NONE) {
            throw new IllegalArgumentException("no entity " + networkId);
        }
        return i;
    }

    private long add(int k, float px, float py, float prot, long own) {
        long id = ids.allocate();
        int i = store.spawn(id, k, own, NO_ROOM, MASK);
        vx[i] = 0;
        vy[i] = 0;
        store.setFloat(i, X, px);
        store.setFloat(i, Y, py);
        store.setFloat(i, ROT, prot);
        store.setLong(i, KIND, k);
        return id;
    }
}
