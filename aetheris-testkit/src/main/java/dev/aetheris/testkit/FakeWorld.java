package dev.aetheris.testkit;

import dev.aetheris.protocol.NetworkIdAllocator;
import dev.aetheris.protocol.component.Components;
import dev.aetheris.protocol.component.InputCommand;
import dev.aetheris.protocol.component.PlayerInput;
import dev.aetheris.protocol.error.WorldError;
import dev.aetheris.protocol.error.WorldException;
import dev.aetheris.protocol.event.GameEvent;
import dev.aetheris.protocol.seam.ReliableEventQueue;
import dev.aetheris.protocol.seam.ReliableEventSink;
import dev.aetheris.protocol.seam.ReplicationSink;
import dev.aetheris.protocol.seam.WorldState;
import dev.aetheris.protocol.util.LongMap;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A small, predictable {@link WorldState} for tick-loop tests and benchmarks: entities are points
 * with a {@code Transform}; moving ones advance by their velocity every tick and are reported
 * changed; rooms are assigned by the test. Steady-state ticks allocate nothing.
 */
public final class FakeWorld implements WorldState {

    /** An input the world accepted. @param clientId sender @param networkId target @param input the command */
    public record AppliedInput(long clientId, long networkId, InputCommand input) {
    }

    private final NetworkIdAllocator ids = new NetworkIdAllocator();
    private final LongMap<int[]> indexOf = new LongMap<>();
    private final LongMap<long[]> clientRooms = new LongMap<>();
    private final int maxEntities;
    private long[] nid = new long[64];
    private int[] kind = new int[64];
    private float[] x = new float[64];
    private float[] y = new float[64];
    private float[] rot = new float[64];
    private float[] vx = new float[64];
    private float[] vy = new float[64];
    private long[] room = new long[64];
    private long[] owner = new long[64];
    private boolean[] isNew = new boolean[64];
    private boolean[] dirty = new boolean[64];
    private int count;
    private final long[] despawned = new long[4096];
    private int despawnedCount;
    private boolean despawnOverflow;
    private final ReliableEventQueue reliable = new ReliableEventQueue();
    private final List<AppliedInput> applied = new ArrayList<>();
    private long tick;
    private long shipRoom = NO_ROOM;
    private long stressRoom = NO_ROOM;

    /** @param maxEntities world-wide entity cap */
    public FakeWorld(int maxEntities) {
        this.maxEntities = maxEntities;
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
        int i = index(networkId);
        room[i] = roomId;
        dirty[i] = true;
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
        long id = add(1, px, py, 0, NO_ROOM_OWNER);
        int i = count - 1;
        vx[i] = dx;
        vy[i] = dy;
        room[i] = roomId;
        return id;
    }

    /** Inputs accepted so far, oldest first. */
    public List<AppliedInput> appliedInputs() {
        return List.copyOf(applied);
    }

    /** The entity's x position (for assertions). */
    public float x(long networkId) {
        return x[index(networkId)];
    }

    /** The entity's kind. */
    public int kind(long networkId) {
        return kind[index(networkId)];
    }

    private static final long NO_ROOM_OWNER = 0;

    /** How many times {@link #advanceTick()} ran (for assertions). */
    public long tick() {
        return tick;
    }

    @Override
    public void advanceTick() {
        tick++;
    }

    @Override
    public void applyInput(long clientId, long networkId, InputCommand input) throws WorldException {
        int[] i = indexOf.get(networkId);
        if (i == null) {
            throw new WorldException(new WorldError.EntityNotFound(networkId));
        }
        if (owner[i[0]] != clientId) {
            throw new WorldException(new WorldError.InvalidInput("not the owner of " + networkId));
        }
        applied.add(new AppliedInput(clientId, networkId, input));
        for (PlayerInput a : input.actions()) {
            if (a instanceof PlayerInput.Move m) {
                vx[i[0]] = m.x();
                vy[i[0]] = m.y();
            }
        }
    }

    @Override
    public void simulate() {
        for (int i = 0; i < count; i++) {
            if (vx[i] != 0 || vy[i] != 0) {
                x[i] += vx[i];
                y[i] += vy[i];
                rot[i] += 0.01f;
                dirty[i] = true;
            }
        }
    }

    @Override
    public void extractChanges(ReplicationSink sink) {
        for (int d = 0; d < despawnedCount; d++) {
            sink.despawned(despawned[d]);
        }
        for (int i = 0; i < count; i++) {
            if (isNew[i]) {
                sink.spawned(nid[i], kind[i]);
                writeTransform(sink, i);
            } else if (dirty[i]) {
                writeTransform(sink, i);
            }
        }
    }

    private void writeTransform(ReplicationSink sink, int i) {
        sink.component(nid[i], Components.TRANSFORM).f32(x[i]).f32(y[i]).f32(0f).f32(rot[i]).uint(kind[i]).end();
    }

    @Override
    public void extractReliableEvents(ReliableEventSink sink) {
        reliable.drainTo(sink);
    }

    @Override
    public void postExtract() {
        Arrays.fill(isNew, 0, count, false);
        Arrays.fill(dirty, 0, count, false);
        despawnedCount = 0;
    }

    @Override
    public void writeVisibleState(long clientId, ReplicationSink sink) {
        long r = clientRoom(clientId);
        for (int i = 0; i < count; i++) {
            if (room[i] == NO_ROOM || room[i] == r) {
                sink.spawned(nid[i], kind[i]);
                writeTransform(sink, i);
            }
        }
    }

    @Override
    public long spawnKind(int entityKind, float px, float py, float prot, long clientId) throws WorldException {
        if (!Float.isFinite(px) || !Float.isFinite(py) || !Float.isFinite(prot)) {
            throw new WorldException(new WorldError.InvalidInput("non-finite spawn position"));
        }
        if (count >= maxEntities) {
            throw new WorldException(new WorldError.EntityLimitReached(maxEntities));
        }
        return add(entityKind, px, py, prot, clientId);
    }

    @Override
    public long spawnSessionShip(int entityKind, float px, float py, float prot, long clientId) throws WorldException {
        if (count >= maxEntities) {
            throw new WorldException(new WorldError.EntityLimitReached(maxEntities));
        }
        long id = add(entityKind, px, py, prot, clientId);
        room[count - 1] = shipRoom;
        setClientRoom(clientId, shipRoom);
        return id;
    }

    @Override
    public boolean despawn(long networkId) {
        int[] h = indexOf.remove(networkId);
        if (h == null) {
            return false;
        }
        int i = h[0];
        int last = count - 1;
        if (i != last) {
            nid[i] = nid[last];
            kind[i] = kind[last];
            x[i] = x[last];
            y[i] = y[last];
            rot[i] = rot[last];
            vx[i] = vx[last];
            vy[i] = vy[last];
            room[i] = room[last];
            owner[i] = owner[last];
            isNew[i] = isNew[last];
            dirty[i] = dirty[last];
            indexOf.get(nid[i])[0] = i;
        }
        count--;
        if (despawnedCount < despawned.length) {
            despawned[despawnedCount++] = networkId;
        } else {
            despawnOverflow = true;
        }
        return true;
    }

    @Override
    public boolean isAlive(long networkId) {
        return indexOf.containsKey(networkId);
    }

    @Override
    public int stressTest(int n, boolean rotate) {
        int spawned = 0;
        while (spawned < n && count < maxEntities) {
            add(1, spawned, 0, 0, NO_ROOM_OWNER);
            vx[count - 1] = 1f;
            room[count - 1] = stressRoom;
            spawned++;
        }
        return spawned;
    }

    @Override
    public void clearWorld() {
        while (count > 0) {
            despawn(nid[count - 1]);
        }
    }

    @Override
    public long entityRoom(long networkId) {
        int[] h = indexOf.get(networkId);
        return h == null ? NO_ROOM : room[h[0]];
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
        return count;
    }

    @Override
    public long stateHash() {
        long h = 0xcbf29ce484222325L;
        for (int i = 0; i < count; i++) {
            h = (h ^ nid[i]) * 0x100000001b3L;
            h = (h ^ Float.floatToRawIntBits(x[i])) * 0x100000001b3L;
            h = (h ^ Float.floatToRawIntBits(y[i])) * 0x100000001b3L;
        }
        return h;
    }

    /** Whether more despawns happened in one tick than the fake can report. */
    public boolean despawnOverflow() {
        return despawnOverflow;
    }

    private int index(long networkId) {
        int[] h = indexOf.get(networkId);
        if (h == null) {
            throw new IllegalArgumentException("no entity " + networkId);
        }
        return h[0];
    }

    private long add(int k, float px, float py, float prot, long own) {
        if (count == nid.length) {
            int n = count * 2;
            nid = Arrays.copyOf(nid, n);
            kind = Arrays.copyOf(kind, n);
            x = Arrays.copyOf(x, n);
            y = Arrays.copyOf(y, n);
            rot = Arrays.copyOf(rot, n);
            vx = Arrays.copyOf(vx, n);
            vy = Arrays.copyOf(vy, n);
            room = Arrays.copyOf(room, n);
            owner = Arrays.copyOf(owner, n);
            isNew = Arrays.copyOf(isNew, n);
            dirty = Arrays.copyOf(dirty, n);
        }
        long id = ids.allocate();
        int i = count++;
        nid[i] = id;
        kind[i] = k;
        x[i] = px;
        y[i] = py;
        rot[i] = prot;
        vx[i] = 0;
        vy[i] = 0;
        room[i] = NO_ROOM;
        owner[i] = own;
        isNew[i] = true;
        dirty[i] = false;
        indexOf.put(id, new int[] {i});
        return id;
    }
}
