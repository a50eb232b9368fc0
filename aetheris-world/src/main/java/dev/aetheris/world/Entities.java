package dev.aetheris.world;

import static dev.aetheris.world.PlaygroundSchema.*;

import dev.aetheris.protocol.NetworkIdAllocator;
import dev.aetheris.protocol.component.Components;
import dev.aetheris.protocol.component.EntityKinds;
import dev.aetheris.protocol.seam.ReliableEventQueue;
import dev.aetheris.replication.EntityStore;

/**
 * The playground's entities: the replication {@link EntityStore} (every replicated field lives
 * there and only there) plus the columns the simulation needs but never sends (input, AI and
 * projectile state, work flags), indexed by the store's index. Owns spawning and despawning, the
 * spatial grid over the store's positions and the set of entities that need per-tick work.
 *
 * <p>Confined to the room's loop thread; sized once, so nothing here allocates after construction.
 */
final class Entities {
    /** Work flag: the entity has an input deadline to watch. */
    static final int F_DEADLINE = 1;
    /** Work flag: the entity's shield is regenerating. */
    static final int F_REGEN = 2;

    final WorldConfig config;
    final EntityStore store;
    final SplitMix64 rng;
    final ReliableEventQueue events = new ReliableEventQueue();
    final float minX;
    final float minY;
    final float maxX;
    final float maxY;
    private final NetworkIdAllocator ids = new NetworkIdAllocator();
    private final int cap;
    private final int projectileLifetimeTicks;
    private final int dropLifetimeTicks;
    private final int cooldownTicks;
    private final long roomId;
    private final SpatialGrid grid;
    private boolean gridStale = true;
    private long tick;
    private int aiCount;

    // Non-replicated columns.
    final boolean[] session;
    final float[] rotCos;
    final float[] rotSin;
    final float[] moveX;
    final float[] moveY;
    final boolean[] fire;
    final long[] inputDeadline;
    final long[] lastClientTick;
    final byte[] flags;
    final long[] lastDamageTick;
    final long[] projOwner;
    final float[] originX;
    final float[] originY;
    final int[] lifetime;
    final byte[] aiState;
    final long[] aiTarget;
    final float[] homeX;
    final float[] homeY;
    final float[] wpX;
    final float[] wpY;
    /** One bit per index that needs per-tick work (moving, thrusting, firing, mining, regenerating, timed). */
    final long[] awake;
    /** Scratch for grid queries. */
    final int[] queryBuf;

    Entities(WorldConfig config) {
        this.config = config;
        this.cap = config.maxEntities();
        int n = cap + 1; // + the room entity
        store = new EntityStore(SCHEMA, n);
        rng = new SplitMix64(config.seed());
        minX = config.minX();
        minY = config.minY();
        maxX = config.maxX();
        maxY = config.maxY();
        projectileLifetimeTicks = config.ticks(Combat.PROJECTILE_LIFETIME_SECONDS);
        dropLifetimeTicks = config.ticks(config.cargoDropLifetimeSeconds());
        cooldownTicks = config.ticks(Combat.WEAPON_COOLDOWN_SECONDS);
        grid = new SpatialGrid(minX, minY, maxX, maxY, config.gridCellSize(), n);
        session = new boolean[n];
        rotCos = new float[n];
        rotSin = new float[n];
        moveX = new float[n];
        moveY = new float[n];
        fire = new boolean[n];
        inputDeadline = new long[n];
        lastClientTick = new long[n];
        flags = new byte[n];
        lastDamageTick = new long[n];
        projOwner = new long[n];
        originX = new float[n];
        originY = new float[n];
        lifetime = new int[n];
        aiState = new byte[n];
        aiTarget = new long[n];
        homeX = new float[n];
        homeY = new float[n];
        wpX = new float[n];
        wpY = new float[n];
        awake = new long[(n + 63) >>> 6];
        queryBuf = new int[n];
        roomId = ids.allocate();
        int r = store.spawn(roomId, PlaygroundWorld.ROOM_ENTITY_KIND, 0, roomId, ROOM_MASK);
        store.setGlobal(r, true);
        store.setString(r, ROOM_NAME, config.roomName());
        store.setLong(r, ROOM_ACCESS, Components.ROOM_ACCESS_OPEN);
        store.setFloat(r, MIN_X, minX);
        store.setFloat(r, MIN_Y, minY);
        store.setFloat(r, MAX_X, maxX);
        store.setFloat(r, MAX_Y, maxY);
        store.setLong(r, ROOM, roomId);
    }

    long roomId() {
        return roomId;
    }

    long tick() {
        return tick;
    }

    void setTick(long t) {
        tick = t;
        store.setTick(t);
    }

    /** Live gameplay entities (the room is not one). */
    int live() {
        return store.size() - 1;
    }

    int aiCount() {
        return aiCount;
    }

    /** One past the highest index in use. */
    int high() {
        return store.highWater();
    }

    /** Index of a live gameplay entity, or −1 (also for the room). */
    int indexOf(long networkId) {
        int i = store.indexOf(networkId);
        return i >= 0 && store.kind(i) != PlaygroundWorld.ROOM_ENTITY_KIND ? i : -1;
    }

    /** Kind at {@code i}, or 0 if nothing (or the room) lives there. */
    int kind(int i) {
        return store.isAlive(i) ? store.kind(i) : 0;
    }

    // ---------------------------------------------------------------- lifecycle

    /**
     * Spawns an entity of {@code k} with every replicated field at its initial value; −1 at the
     * cap. Positions are wrapped into the room.
     */
    int spawn(int k, float px, float py, float r, long ownerId) {
        if (live() >= cap) {
            return -1;
        }
        long id = ids.allocate();
        int i = store.spawn(id, k, ownerId, roomId, KindTable.COMPONENTS[k]);
        float x = Motion.wrap(px, minX, maxX);
        float y = Motion.wrap(py, minY, maxY);
        store.setFloat(i, X, x);
        store.setFloat(i, Y, y);
        store.setLong(i, ENTITY_TYPE, k);
        store.setLong(i, ROOM, roomId);
        setRotation(i, Motion.angle(r));
        KindTable.writeInitialStats(store, i, k, cooldownTicks, tick);
        session[i] = false;
        moveX[i] = 0f;
        moveY[i] = 0f;
        fire[i] = false;
        inputDeadline[i] = 0;
        flags[i] = 0;
        lastClientTick[i] = -1;
        lastDamageTick[i] = 0;
        projOwner[i] = 0;
        originX[i] = x;
        originY[i] = y;
        lifetime[i] = k == EntityKinds.PROJECTILE ? projectileLifetimeTicks
                : (k == EntityKinds.CARGO_DROP ? dropLifetimeTicks : 0);
        aiState[i] = Ai.PATROL;
        aiTarget[i] = 0;
        homeX[i] = x;
        homeY[i] = y;
        wpX[i] = x;
        wpY[i] = y;
        if (k == EntityKinds.AI_INTERCEPTOR) {
            aiCount++;
        }
        gridStale = true;
        wake(i);
        return i;
    }

    void despawn(int i) {
        if (store.kind(i) == EntityKinds.AI_INTERCEPTOR) {
            aiCount--;
        }
        store.despawn(i);
        session[i] = false;
        fire[i] = false;
        inputDeadline[i] = 0;
        flags[i] = 0;
        awake[i >>> 6] &= ~(1L << i);
        gridStale = true;
    }

    /** Despawns every gameplay entity (the room stays). */
    void clear() {
        int high = high();
        for (int i = 0; i < high; i++) {
            if (kind(i) != 0) {
                despawn(i);
            }
        }
    }

    void wake(int i) {
        awake[i >>> 6] |= 1L << i;
    }

    // ---------------------------------------------------------------- fields with more than one home

    float x(int i) {
        return store.getFloat(i, X);
    }

    float y(int i) {
        return store.getFloat(i, Y);
    }

    void setRotation(int i, float r) {
        store.setFloat(i, ROT, r);
        rotCos[i] = (float) StrictMath.cos(r);
        rotSin[i] = (float) StrictMath.sin(r);
    }

    /** Hull points (an asteroid's hit points for asteroids), 0 for kinds without either. */
    int hull(int i) {
        int k = store.kind(i);
        return KindTable.has(k, HULL) ? (int) store.getLong(i, HULL_NOW)
                : (KindTable.has(k, ASTEROID_HP) ? (int) store.getLong(i, AHP) : 0);
    }

    void setHull(int i, int v) {
        int k = store.kind(i);
        if (KindTable.has(k, HULL)) {
            store.setLong(i, HULL_NOW, v);
            if (KindTable.has(k, SHIP_STATS)) {
                store.setLong(i, STATS_HP, v);
            }
        } else if (KindTable.has(k, ASTEROID_HP)) {
            store.setLong(i, AHP, v);
        }
    }

    int shield(int i) {
        return KindTable.has(store.kind(i), SHIELD) ? (int) store.getLong(i, SHIELD_NOW) : 0;
    }

    int shieldMax(int i) {
        return KindTable.has(store.kind(i), SHIELD) ? (int) store.getLong(i, SHIELD_MAX) : 0;
    }

    void setShield(int i, int v) {
        store.setLong(i, SHIELD_NOW, v);
        if (KindTable.has(store.kind(i), SHIP_STATS)) {
            store.setLong(i, STATS_SHIELD, v);
        }
    }

    /** Ore carried: a ship's hold or a drop's quantity; 0 for other kinds. */
    int cargo(int i) {
        int k = store.kind(i);
        return KindTable.has(k, CARGO_HOLD) ? (int) store.getLong(i, CARGO)
                : (KindTable.has(k, CARGO_DROP) ? (int) store.getLong(i, DROP_QUANTITY) : 0);
    }

    void setCargo(int i, int v) {
        int k = store.kind(i);
        if (KindTable.has(k, CARGO_HOLD)) {
            store.setLong(i, CARGO, v);
        } else if (KindTable.has(k, CARGO_DROP)) {
            store.setLong(i, DROP_QUANTITY, v);
        }
    }

    int ore(int i) {
        return KindTable.has(store.kind(i), ASTEROID) ? (int) store.getLong(i, ORE) : 0;
    }

    boolean beamOn(int i) {
        return KindTable.has(store.kind(i), MINING) && store.getLong(i, BEAM_ON) != 0;
    }

    // ---------------------------------------------------------------- proximity

    /** Marks the grid out of date (positions moved); the next query rebuilds it. */
    void invalidateGrid() {
        gridStale = true;
    }

    /** Indices of gameplay entities within {@code radius} of a point, into {@link #queryBuf}. */
    int query(float cx, float cy, float radius) {
        if (gridStale) {
            grid.rebuild(store);
            gridStale = false;
        }
        return grid.query(cx, cy, radius, queryBuf);
    }
}
