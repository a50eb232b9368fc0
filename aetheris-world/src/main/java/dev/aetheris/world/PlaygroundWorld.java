package dev.aetheris.world;

import dev.aetheris.protocol.NetworkIdAllocator;
import dev.aetheris.protocol.Sizes;
import dev.aetheris.protocol.component.Components;
import dev.aetheris.protocol.component.EntityKinds;
import dev.aetheris.protocol.component.InputCommand;
import dev.aetheris.protocol.component.PlayerInput;
import dev.aetheris.protocol.error.WorldError;
import dev.aetheris.protocol.error.WorldException;
import dev.aetheris.protocol.event.GameEvent;
import dev.aetheris.protocol.seam.ReliableEventSink;
import dev.aetheris.protocol.seam.ReplicationSink;
import dev.aetheris.protocol.seam.WorldState;
import dev.aetheris.protocol.util.LongMap;
import java.util.Arrays;
import java.util.List;

/**
 * The playground game: ships, asteroids, mining, combat and AI interceptors in one room with
 * wrap-around bounds.
 *
 * <p><b>Layout.</b> Structure of arrays: one primitive array per field, indexed by a dense slot
 * index handed out from a LIFO free list; a fixed-size {@code NetworkId → slot} map. Every array
 * is allocated at construction for {@link WorldConfig#maxEntities()}, so steady-state ticks
 * allocate nothing. Per-kind constants (mass, thrust, components) live in small static tables.
 *
 * <p><b>Replication.</b> Each slot has a dirty bit per component, set where the value changes; a
 * slot whose first bit is set is appended to a dense dirty list, so extraction walks only changed
 * entities. New entities are reported in full; an entity at rest sets no bit and sends nothing.
 *
 * <p><b>Determinism.</b> Fixed step, a {@link SplitMix64} seeded from the config, iteration in
 * slot order, {@link StrictMath} for trigonometry, and a {@link #stateHash()} over the arrays.
 *
 * <p><b>Reliable events.</b> {@code DamageEvent}, {@code DeathEvent} and {@code AsteroidDepleted}
 * are broadcast (everyone sees combat and the map change); {@code RespawnEvent} goes to the ship's
 * owner; {@code CargoCollected} goes to the collecting ship's owner (broadcast for unowned ships).
 *
 * <p><b>Respawn.</b> When a session ship dies, its owner gets a fresh ship after
 * {@link WorldConfig#respawnDelaySeconds()} at a point the seeded RNG picks in the inner half of
 * the room; {@code RespawnEvent(newShip, x, y)} carries that point. The next
 * {@link #spawnSessionShip} for that client returns the fresh ship instead of making another.
 *
 * <p>Confined to one thread, like every {@link WorldState}.
 */
public final class PlaygroundWorld implements WorldState {

    /** Entity kind reported in {@code spawned} for the room entity (not a gameplay kind). */
    public static final int ROOM_ENTITY_KIND = 0;
    /** Anti-replay window for input ticks, as upstream. */
    public static final long INPUT_TICK_WINDOW = 600;

    // Component bits (one per replicated component an entity can carry).
    static final int C_TRANSFORM = 1;
    static final int C_VELOCITY = 1 << 1;
    static final int C_SHIP_STATS = 1 << 2;
    static final int C_SHIP_CLASS = 1 << 3;
    static final int C_PLAYER_NAME = 1 << 4;
    static final int C_ASTEROID_HP = 1 << 5;
    static final int C_PROJECTILE = 1 << 6;
    static final int C_MEMBERSHIP = 1 << 7;
    static final int C_MINING = 1 << 8;
    static final int C_CARGO_HOLD = 1 << 9;
    static final int C_ASTEROID = 1 << 10;
    static final int C_WEAPON = 1 << 11;
    static final int C_SHIELD = 1 << 12;
    static final int C_HULL = 1 << 13;
    static final int C_CARGO_DROP = 1 << 14;

    private static final int ROOM_DEF = 1;
    private static final int ROOM_BOUNDS = 2;
    private static final int ROOM_MEMBER = 4;

    // Gameplay constants (upstream §5 unless noted).
    static final int WEAPON_DAMAGE = 25;
    static final float WEAPON_RANGE = 200f;
    static final float WEAPON_COOLDOWN_SECONDS = 0.5f;
    static final float PROJECTILE_LIFETIME_SECONDS = 5f;
    static final float HIT_RADIUS = 4f;
    static final float MINING_RANGE = 15f;
    static final int MINING_RATE = 2;
    static final float MINING_INTERVAL_SECONDS = 1f / 6f;
    static final int CARGO_CAPACITY = 500;
    static final int ASTEROID_ORE = 100;
    static final float PICKUP_RADIUS = 10f;
    static final float MASS_PER_ORE = 2f;
    static final float AI_AGGRO_RANGE = 150f;
    static final float AI_LEASH_RANGE = 300f;
    static final float AI_PATROL_RADIUS = 40f;
    static final float AI_ARRIVE = 8f;
    /** Below this speed (units/s) a ship without thrust is snapped to rest, so it stops sending. */
    static final float STOP_SPEED = 0.05f;

    private static final int F_DEADLINE = 1;
    private static final int F_REGEN = 2;

    private static final byte AI_PATROL = 0;
    private static final byte AI_CHASE = 1;
    private static final byte AI_RETURN = 2;

    private static final int KINDS = 21;
    private static final int SHIP_COMPONENTS = C_TRANSFORM | C_VELOCITY | C_SHIP_STATS | C_SHIP_CLASS | C_PLAYER_NAME
            | C_MEMBERSHIP | C_MINING | C_CARGO_HOLD | C_WEAPON | C_SHIELD | C_HULL;
    private static final int[] K_COMPONENTS = new int[KINDS];
    private static final boolean[] K_PHYSICS = new boolean[KINDS];
    private static final float[] K_MASS = new float[KINDS];
    private static final float[] K_THRUST = new float[KINDS];
    private static final float[] K_VMAX = new float[KINDS];
    private static final float[] K_TURN = new float[KINDS];
    private static final float[] K_DRAG = new float[KINDS];
    private static final String[] K_NAME = new String[KINDS];
    private static final int[] K_CLASS = new int[KINDS];
    private static final int[] K_ENERGY = new int[KINDS];
    private static final int[] K_SHIELD_REGEN = new int[KINDS];
    private static final int[] K_ENERGY_REGEN = new int[KINDS];
    private static final int[] STRESS_KINDS = {EntityKinds.INTERCEPTOR, EntityKinds.DREADNOUGHT, EntityKinds.HAULER};

    static {
        ship(EntityKinds.INTERCEPTOR, "Player", Components.SHIP_CLASS_INTERCEPTOR, 100, 10_000, 100, 270, 100, 5, 10);
        ship(EntityKinds.AI_INTERCEPTOR, "AI Interceptor", Components.SHIP_CLASS_INTERCEPTOR, 100, 10_000, 100, 270,
                100, 5, 10);
        ship(EntityKinds.DREADNOUGHT, "Dreadnought", Components.SHIP_CLASS_DREADNOUGHT, 400, 40_000, 60, 60, 300, 15,
                20);
        ship(EntityKinds.HAULER, "Hauler", Components.SHIP_CLASS_HAULER, 200, 25_000, 80, 150, 150, 8, 12);
        K_COMPONENTS[EntityKinds.ASTEROID] = C_TRANSFORM | C_VELOCITY | C_MEMBERSHIP | C_ASTEROID_HP | C_ASTEROID;
        K_COMPONENTS[EntityKinds.CARGO_DROP] = C_TRANSFORM | C_VELOCITY | C_MEMBERSHIP | C_CARGO_DROP;
        physics(EntityKinds.CARGO_DROP, 10, 0, 10, 0, 2);
        K_COMPONENTS[EntityKinds.TRAINING_DUMMY] = C_TRANSFORM | C_VELOCITY | C_SHIP_CLASS | C_PLAYER_NAME
                | C_MEMBERSHIP | C_SHIELD | C_HULL;
        K_NAME[EntityKinds.TRAINING_DUMMY] = "Training Dummy";
        K_CLASS[EntityKinds.TRAINING_DUMMY] = Components.SHIP_CLASS_HAULER;
        K_SHIELD_REGEN[EntityKinds.TRAINING_DUMMY] = 5;
        physics(EntityKinds.TRAINING_DUMMY, 200, 0, 0, 0, 1);
        K_COMPONENTS[EntityKinds.PROJECTILE] = C_TRANSFORM | C_VELOCITY | C_MEMBERSHIP | C_PROJECTILE;
        physics(EntityKinds.PROJECTILE, 1, 0, 1000, 0, 0);
    }

    private static void ship(int kind, String name, int shipClass, float mass, float thrust, float vmax, float turnDeg,
            int energy, int shieldRegen, int energyRegen) {
        K_COMPONENTS[kind] = SHIP_COMPONENTS;
        K_NAME[kind] = name;
        K_CLASS[kind] = shipClass;
        K_ENERGY[kind] = energy;
        K_SHIELD_REGEN[kind] = shieldRegen;
        K_ENERGY_REGEN[kind] = energyRegen;
        physics(kind, mass, thrust, vmax, turnDeg, 2);
    }

    private static void physics(int kind, float mass, float thrust, float vmax, float turnDeg, float drag) {
        K_PHYSICS[kind] = true;
        K_MASS[kind] = mass;
        K_THRUST[kind] = thrust;
        K_VMAX[kind] = vmax;
        K_TURN[kind] = (float) (turnDeg * StrictMath.PI / 180.0);
        K_DRAG[kind] = drag;
    }

    /** Per-client bookkeeping; created when a client gets its first session ship. */
    private static final class ClientState {
        long room;
        long ship;
        long freshShip;
        long respawnDue;
        int respawnKind;
    }

    private final WorldConfig config;
    private final int cap;
    private final float dt;
    private final float[] dragFactor = new float[KINDS];
    private final float[] turnStep = new float[KINDS];
    private final float[] turnCos = new float[KINDS];
    private final float[] turnSin = new float[KINDS];
    private final float minX;
    private final float minY;
    private final float maxX;
    private final float maxY;
    private final int respawnTicks;
    private final int asteroidRespawnTicks;
    private final int regenDelayTicks;
    private final int inputTimeoutTicks;
    private final int cooldownTicks;
    private final int projectileLifetimeTicks;
    private final int dropLifetimeTicks;
    private final int miningIntervalTicks;
    private final SplitMix64 rng;
    private final NetworkIdAllocator ids = new NetworkIdAllocator();
    private final long roomNid;
    private final LongIntMap index;
    private final SpatialGrid grid;
    private final LongMap<ClientState> clients = new LongMap<>();

    // Slots.
    private final int[] free;
    private int freeCount;
    private int high;
    private int live;
    private int aiCount;
    private long tick;

    // Entity fields.
    private final long[] nid;
    private final int[] kind;
    private final long[] room;
    private final long[] owner;
    private final boolean[] session;
    private final float[] x;
    private final float[] y;
    private final float[] rot;
    private final float[] rotCos;
    private final float[] rotSin;
    private final float[] vx;
    private final float[] vy;
    private final float[] moveX;
    private final float[] moveY;
    private final boolean[] fire;
    private final long[] inputDeadline;
    /** Per-slot work flags ({@link #F_DEADLINE}, {@link #F_REGEN}) so the tick loop reads one byte, not 16. */
    private final byte[] flags;
    private final long[] lastClientTick;
    private final int[] hull;
    private final int[] hullMax;
    private final int[] shield;
    private final int[] shieldMax;
    private final long[] lastDamageTick;
    private final long[] lastFired;
    private final boolean[] beamOn;
    private final long[] beamTarget;
    private final int[] cargo;
    private final int[] ore;
    private final int[] oreMax;
    private final long[] projOwner;
    private final float[] originX;
    private final float[] originY;
    private final long[] originTick;
    private final int[] lifetime;
    private final byte[] aiState;
    private final long[] aiTarget;
    private final float[] homeX;
    private final float[] homeY;
    private final float[] wpX;
    private final float[] wpY;

    // Change tracking.
    private final int[] dirty;
    private final boolean[] spawnPending;
    private final int[] stamp;
    /** Whether the slot is in the dirty list (cleared by postExtract), so the list has no duplicates. */
    private final boolean[] queued;
    private int stampCounter;
    private int[] spawnList;
    private int spawnCount;
    private int[] dirtyList;
    private int dirtyCount;
    private final long[] despawnList;
    private int despawnCount;
    private boolean roomSpawnPending = true;
    private int roomDirty;

    // Per-tick work lists and scratch.
    private final int[] actors;
    private final int[] projectiles;
    private final int[] drops;
    private final int[] queryBuf;
    private boolean gridStale = true;
    /** One bit per slot that needs per-tick work (moving, thrusting, firing, mining, regenerating, timed). */
    private final long[] activeBits;

    // Reliable events.
    private long[] eventTargets = new long[64];
    private GameEvent[] events = new GameEvent[64];
    private int eventCount;

    // Asteroid respawns.
    private float[] arX = new float[16];
    private float[] arY = new float[16];
    private int[] arOre = new int[16];
    private int[] arKind = new int[16];
    private long[] arDue = new long[16];
    private int arCount;
    private int pendingShipRespawns;

    /** Builds the world, its room, and the configured asteroids and AI interceptors. */
    public PlaygroundWorld(WorldConfig config) {
        this.config = config;
        this.cap = config.maxEntities();
        this.dt = 1f / config.tickRate();
        for (int k = 0; k < KINDS; k++) {
            dragFactor[k] = 1f / (1f + K_DRAG[k] * dt);
            turnStep[k] = K_TURN[k] * dt;
            turnCos[k] = (float) StrictMath.cos(turnStep[k]);
            turnSin[k] = (float) StrictMath.sin(turnStep[k]);
        }
        this.minX = config.minX();
        this.minY = config.minY();
        this.maxX = config.maxX();
        this.maxY = config.maxY();
        this.respawnTicks = config.ticks(config.respawnDelaySeconds());
        this.asteroidRespawnTicks = config.ticks(config.asteroidRespawnSeconds());
        this.regenDelayTicks = config.ticks(config.shieldRegenDelaySeconds());
        this.inputTimeoutTicks = config.ticks(config.inputTimeoutSeconds());
        this.cooldownTicks = config.ticks(WEAPON_COOLDOWN_SECONDS);
        this.projectileLifetimeTicks = config.ticks(PROJECTILE_LIFETIME_SECONDS);
        this.dropLifetimeTicks = config.ticks(config.cargoDropLifetimeSeconds());
        this.miningIntervalTicks = config.ticks(MINING_INTERVAL_SECONDS);
        this.rng = new SplitMix64(config.seed());
        this.roomNid = ids.allocate();
        this.index = new LongIntMap(cap);
        this.grid = new SpatialGrid(minX, minY, maxX, maxY, config.gridCellSize(), cap);
        free = new int[cap];
        nid = new long[cap];
        kind = new int[cap];
        room = new long[cap];
        owner = new long[cap];
        session = new boolean[cap];
        x = new float[cap];
        y = new float[cap];
        rot = new float[cap];
        rotCos = new float[cap];
        rotSin = new float[cap];
        vx = new float[cap];
        vy = new float[cap];
        moveX = new float[cap];
        moveY = new float[cap];
        fire = new boolean[cap];
        inputDeadline = new long[cap];
        flags = new byte[cap];
        lastClientTick = new long[cap];
        hull = new int[cap];
        hullMax = new int[cap];
        shield = new int[cap];
        shieldMax = new int[cap];
        lastDamageTick = new long[cap];
        lastFired = new long[cap];
        beamOn = new boolean[cap];
        beamTarget = new long[cap];
        cargo = new int[cap];
        ore = new int[cap];
        oreMax = new int[cap];
        projOwner = new long[cap];
        originX = new float[cap];
        originY = new float[cap];
        originTick = new long[cap];
        lifetime = new int[cap];
        aiState = new byte[cap];
        aiTarget = new long[cap];
        homeX = new float[cap];
        homeY = new float[cap];
        wpX = new float[cap];
        wpY = new float[cap];
        dirty = new int[cap];
        spawnPending = new boolean[cap];
        stamp = new int[cap];
        queued = new boolean[cap];
        spawnList = new int[cap];
        dirtyList = new int[cap];
        despawnList = new long[cap];
        actors = new int[cap];
        projectiles = new int[cap];
        drops = new int[cap];
        queryBuf = new int[cap];
        activeBits = new long[(cap + 63) >>> 6];
        for (int a = 0; a < config.asteroids(); a++) {
            allocate(EntityKinds.ASTEROID, rng.nextFloat(minX, maxX), rng.nextFloat(minY, maxY), 0f, 0L);
        }
        for (int a = 0; a < config.aiInterceptors(); a++) {
            allocate(EntityKinds.AI_INTERCEPTOR, rng.nextFloat(minX, maxX), rng.nextFloat(minY, maxY), 0f, 0L);
        }
    }

    /** The configuration this world runs with. */
    public WorldConfig config() {
        return config;
    }

    /** The playground room's network id (the room is itself a replicated entity). */
    public long roomId() {
        return roomNid;
    }

    /** The current server tick (advanced by {@link #advanceTick()}). */
    public long tick() {
        return tick;
    }

    // ---------------------------------------------------------------- tick stages

    @Override
    public void advanceTick() {
        tick++;
    }

    @Override
    public void applyInput(long clientId, long networkId, InputCommand input) throws WorldException {
        int i = index.get(networkId);
        if (i < 0) {
            throw new WorldException(new WorldError.EntityNotFound(networkId));
        }
        if (!session[i] || owner[i] != clientId || clientId == 0) {
            throw invalid("entity " + Long.toUnsignedString(networkId) + " is not the session ship of this client");
        }
        List<PlayerInput> actions = input.actions();
        int n = actions.size();
        if (n > Sizes.MAX_INPUT_ACTIONS) {
            throw invalid(n + " actions exceed the limit of " + Sizes.MAX_INPUT_ACTIONS);
        }
        long mask = input.actionsMask();
        if ((mask & ~InputCommand.ALLOWED_ACTIONS_MASK) != 0 || mask < 0 || mask > 0xFFFF_FFFFL) {
            throw invalid("unknown action bits 0x" + Long.toHexString(mask & ~InputCommand.ALLOWED_ACTIONS_MASK));
        }
        for (int a = 0; a < n; a++) {
            if (actions.get(a) instanceof PlayerInput.Move m && (!Float.isFinite(m.x()) || !Float.isFinite(m.y()))) {
                throw invalid("move axes must be finite, got (" + m.x() + ", " + m.y() + ")");
            }
        }
        long t = input.tick();
        long last = lastClientTick[i];
        if (t < 0) {
            throw invalid("input tick " + Long.toUnsignedString(t) + " is out of range");
        }
        boolean accepted;
        if (last < 0) {
            accepted = t <= tick + INPUT_TICK_WINDOW;
        } else if (t > last && t - last <= INPUT_TICK_WINDOW) {
            accepted = true;
        } else {
            // Resync after a long gap: the client's clock is near ours while the stored tick is not.
            accepted = Math.abs(t - tick) <= INPUT_TICK_WINDOW && Math.abs(last - tick) > INPUT_TICK_WINDOW;
        }
        if (!accepted) {
            throw invalid(t <= last
                    ? "input tick " + t + " replays or precedes the last accepted tick " + last
                    : "input tick " + t + " is outside the " + INPUT_TICK_WINDOW + "-tick window");
        }
        lastClientTick[i] = t;
        inputDeadline[i] = tick + inputTimeoutTicks;
        flags[i] |= F_DEADLINE;
        float mx = 0f;
        float my = 0f;
        boolean fireNow = (mask & InputCommand.ACTION_FIRE_WEAPON) != 0;
        for (int a = 0; a < n; a++) {
            switch (actions.get(a)) {
                case PlayerInput.Move m -> {
                    mx = clampAxis(m.x());
                    my = clampAxis(m.y());
                }
                case PlayerInput.ToggleMining tm -> toggleMining(i, tm.target());
                case PlayerInput.FirePrimary fp -> fireNow = true;
            }
        }
        moveX[i] = mx;
        moveY[i] = my;
        fire[i] = fireNow;
        wake(i);
    }

    private void wake(int i) {
        activeBits[i >>> 6] |= 1L << i;
    }

    private static WorldException invalid(String reason) {
        return new WorldException(new WorldError.InvalidInput(reason));
    }

    private static float clampAxis(float v) {
        return v < -1f ? -1f : (v > 1f ? 1f : v);
    }

    private void toggleMining(int i, long target) {
        if ((K_COMPONENTS[kind[i]] & C_MINING) == 0) {
            return;
        }
        if (beamOn[i]) {
            beamOn[i] = false;
            beamTarget[i] = 0;
        } else {
            int t = index.get(target);
            if (t < 0 || kind[t] != EntityKinds.ASTEROID) {
                return; // Nothing to mine (the rock may have just been depleted): the beam stays off.
            }
            beamOn[i] = true;
            beamTarget[i] = target;
        }
        markDirty(i, C_MINING);
    }

    @Override
    public void simulate() {
        processRespawns();
        final long[] awake = activeBits;
        final int words = (high + 63) >>> 6;
        if (aiCount > 0) {
            ensureGrid();
            for (int w = 0; w < words; w++) {
                for (long bits = awake[w]; bits != 0; bits &= bits - 1) {
                    int i = (w << 6) + Long.numberOfTrailingZeros(bits);
                    if (kind[i] == EntityKinds.AI_INTERCEPTOR) {
                        think(i);
                    }
                }
            }
        }
        int nActors = 0;
        int nProjectiles = 0;
        int nDrops = 0;
        final long now = tick;
        // Only awake slots are visited, in slot order: an entity at rest costs one bit per tick.
        for (int w = 0; w < words; w++) {
            for (long bits = awake[w]; bits != 0; bits &= bits - 1) {
                int i = (w << 6) + Long.numberOfTrailingZeros(bits);
                int k = kind[i];
                int f = flags[i];
                if ((f & F_DEADLINE) != 0 && now > inputDeadline[i]) {
                    // The client went quiet: stop thrusting and firing; drag brings the ship to rest.
                    moveX[i] = 0f;
                    moveY[i] = 0f;
                    fire[i] = false;
                    inputDeadline[i] = 0;
                    f &= ~F_DEADLINE;
                }
                boolean moving = false;
                if (K_PHYSICS[k]) {
                    integrate(i, k);
                    moving = vx[i] != 0f || vy[i] != 0f || moveX[i] != 0f || moveY[i] != 0f;
                }
                boolean acting = fire[i] || beamOn[i];
                if (acting) {
                    actors[nActors++] = i;
                }
                if (k == EntityKinds.PROJECTILE) {
                    projectiles[nProjectiles++] = i;
                } else if (k == EntityKinds.CARGO_DROP) {
                    drops[nDrops++] = i;
                }
                if ((f & F_REGEN) != 0 && !regenerate(i, k)) {
                    f &= ~F_REGEN;
                }
                flags[i] = (byte) f;
                if (!moving && !acting && f == 0 && k != EntityKinds.PROJECTILE
                        && k != EntityKinds.CARGO_DROP && k != EntityKinds.AI_INTERCEPTOR) {
                    awake[w] &= ~(1L << i); // Nothing to do until an input, a hit or a spawn wakes it.
                }
            }
        }
        gridStale = true;
        for (int a = 0; a < nActors; a++) {
            int i = actors[a];
            if (kind[i] != 0 && beamOn[i]) {
                mine(i);
            }
        }
        for (int a = 0; a < nActors; a++) {
            int i = actors[a];
            if (kind[i] != 0 && fire[i] && (K_COMPONENTS[kind[i]] & C_WEAPON) != 0) {
                tryFire(i);
            }
        }
        for (int p = 0; p < nProjectiles; p++) {
            int i = projectiles[p];
            if (kind[i] == EntityKinds.PROJECTILE) {
                updateProjectile(i);
            }
        }
        for (int d = 0; d < nDrops; d++) {
            int i = drops[d];
            if (kind[i] == EntityKinds.CARGO_DROP) {
                updateDrop(i);
            }
        }
    }

    private void integrate(int i, int k) {
        float mx = moveX[i];
        float my = moveY[i];
        float ovx = vx[i];
        float ovy = vy[i];
        boolean thrusting = mx != 0f || my != 0f;
        if (!thrusting && ovx == 0f && ovy == 0f) {
            return; // At rest: nothing changes, nothing is marked.
        }
        float accel = K_THRUST[k] / (K_MASS[k] + cargo[i] * MASS_PER_ORE);
        float f = dragFactor[k];
        float nvx = (ovx + mx * accel * dt) * f;
        float nvy = (ovy + my * accel * dt) * f;
        float sp2 = nvx * nvx + nvy * nvy;
        float vmax = K_VMAX[k];
        if (sp2 > vmax * vmax) {
            float s = vmax / (float) Math.sqrt(sp2);
            nvx *= s;
            nvy *= s;
            sp2 = nvx * nvx + nvy * nvy;
        }
        if (!thrusting && sp2 < STOP_SPEED * STOP_SPEED) {
            nvx = 0f;
            nvy = 0f;
            sp2 = 0f;
        }
        float nx = wrap(x[i] + nvx * dt, minX, maxX);
        float ny = wrap(y[i] + nvy * dt, minY, maxY);
        float r = rot[i];
        float c = rotCos[i];
        float s = rotSin[i];
        if (sp2 > 0.01f) {
            float cross = c * nvy - s * nvx;
            float dot = c * nvx + s * nvy;
            // Already facing the motion: skip the trigonometry (the common case for steady flight).
            if (dot <= 0f || cross * cross > 1e-10f * sp2) {
                float target = (float) StrictMath.atan2(nvy, nvx);
                float diff = angle(target - r);
                if (Math.abs(diff) <= turnStep[k]) {
                    float speed = (float) Math.sqrt(sp2);
                    r = target;
                    c = nvx / speed;
                    s = nvy / speed;
                } else {
                    // Rotate the cached unit vector by the fixed step instead of calling sin/cos
                    // (StrictMath.sin/cos allocate for large arguments); renormalize against drift.
                    float ss = diff > 0 ? turnSin[k] : -turnSin[k];
                    float cs = turnCos[k];
                    float nc = c * cs - s * ss;
                    float ns = s * cs + c * ss;
                    float norm = (float) Math.sqrt(nc * nc + ns * ns);
                    c = nc / norm;
                    s = ns / norm;
                    r = angle(r + (diff > 0 ? turnStep[k] : -turnStep[k]));
                }
            }
        }
        int bits = 0;
        if (nvx != ovx || nvy != ovy) {
            vx[i] = nvx;
            vy[i] = nvy;
            bits = C_VELOCITY;
        }
        if (nx != x[i] || ny != y[i] || r != rot[i]) {
            x[i] = nx;
            y[i] = ny;
            rot[i] = r;
            rotCos[i] = c;
            rotSin[i] = s;
            bits |= C_TRANSFORM;
        }
        if (bits != 0) {
            markDirty(i, bits);
        }
    }

    private static float wrap(float v, float lo, float hi) {
        if (v >= lo && v < hi) {
            return v;
        }
        float w = hi - lo;
        float r = v - lo;
        r -= w * (float) Math.floor(r / w);
        float out = lo + r;
        return out >= hi || out < lo ? lo : out;
    }

    /** Normalizes an angle to [-π, π]. */
    private static float angle(float a) {
        final float pi = (float) StrictMath.PI;
        final float tau = 2f * pi;
        if (a > pi) {
            a -= tau * (float) Math.floor((a + pi) / tau);
        } else if (a < -pi) {
            a += tau * (float) Math.floor((pi - a) / tau);
        }
        return a;
    }

    private void setRotation(int i, float r) {
        rot[i] = r;
        rotCos[i] = (float) StrictMath.cos(r);
        rotSin[i] = (float) StrictMath.sin(r);
    }

    /** @return whether the shield is still below its maximum */
    private boolean regenerate(int i, int k) {
        int perSecond = K_SHIELD_REGEN[k];
        if (shield[i] >= shieldMax[i] || perSecond <= 0) {
            return false;
        }
        if (tick - lastDamageTick[i] < regenDelayTicks) {
            return true;
        }
        int every = Math.max(1, config.tickRate() / perSecond);
        if (tick % every == 0) {
            shield[i]++;
            markDirty(i, C_SHIELD | (K_COMPONENTS[k] & C_SHIP_STATS));
        }
        return shield[i] < shieldMax[i];
    }

    private void mine(int i) {
        int t = index.get(beamTarget[i]);
        float d = 0f;
        boolean ok = t >= 0 && kind[t] == EntityKinds.ASTEROID && ore[t] > 0 && cargo[i] < CARGO_CAPACITY;
        if (ok) {
            float dx = x[t] - x[i];
            float dy = y[t] - y[i];
            d = (float) Math.sqrt(dx * dx + dy * dy);
            ok = d <= MINING_RANGE;
        }
        if (!ok) {
            beamOn[i] = false;
            beamTarget[i] = 0;
            markDirty(i, C_MINING);
            return;
        }
        if (tick % miningIntervalTicks != 0) {
            return;
        }
        int amount = Math.max(1, Math.round(MINING_RATE * Math.max(0.1f, 1f - d / MINING_RANGE)));
        amount = Math.min(amount, Math.min(CARGO_CAPACITY - cargo[i], ore[t]));
        cargo[i] += amount;
        ore[t] -= amount;
        markDirty(i, C_CARGO_HOLD);
        markDirty(t, C_ASTEROID);
        if (ore[t] == 0) {
            queueReliableEvent(ReliableEventSink.BROADCAST, new GameEvent.AsteroidDepleted(nid[t]));
            scheduleRespawn(EntityKinds.ASTEROID, x[t], y[t], oreMax[t], asteroidRespawnTicks);
            despawnIndex(t);
        }
    }

    private void tryFire(int i) {
        if (lastFired[i] != 0 && tick - lastFired[i] < cooldownTicks) {
            return;
        }
        boolean aiShooter = kind[i] == EntityKinds.AI_INTERCEPTOR;
        int t = nearestTarget(i, WEAPON_RANGE, aiShooter);
        float dx;
        float dy;
        if (t >= 0) {
            dx = x[t] - x[i];
            dy = y[t] - y[i];
            float len = (float) Math.sqrt(dx * dx + dy * dy);
            if (len > 0f) {
                dx /= len;
                dy /= len;
            } else {
                dx = rotCos[i];
                dy = rotSin[i];
            }
        } else {
            dx = rotCos[i];
            dy = rotSin[i];
        }
        int p = allocate(EntityKinds.PROJECTILE, x[i], y[i], (float) StrictMath.atan2(dy, dx), owner[i]);
        if (p < 0) {
            return; // Entity cap reached: the shot is not fired, the cooldown is not spent.
        }
        float speed = config.projectileSpeed();
        vx[p] = dx * speed;
        vy[p] = dy * speed;
        projOwner[p] = nid[i];
        lastFired[i] = tick;
        markDirty(i, C_WEAPON);
    }

    /** Nearest damageable entity within {@code range} other than {@code i}; only player ships if asked. */
    private int nearestTarget(int i, float range, boolean playersOnly) {
        ensureGrid();
        int n = grid.query(x[i], y[i], range, queryBuf);
        int best = -1;
        float bestD = Float.MAX_VALUE;
        for (int q = 0; q < n; q++) {
            int j = queryBuf[q];
            int k = kind[j];
            if (j == i || k == 0 || (K_COMPONENTS[k] & C_HULL) == 0 || room[j] != room[i]) {
                continue;
            }
            if (playersOnly && (owner[j] == 0 || k == EntityKinds.TRAINING_DUMMY || k == EntityKinds.AI_INTERCEPTOR)) {
                continue;
            }
            float dx = x[j] - x[i];
            float dy = y[j] - y[i];
            float d = dx * dx + dy * dy;
            if (d < bestD || (d == bestD && nid[j] < nid[best])) {
                best = j;
                bestD = d;
            }
        }
        return best;
    }

    private void updateProjectile(int i) {
        float dx = x[i] - originX[i];
        float dy = y[i] - originY[i];
        if (--lifetime[i] <= 0 || dx * dx + dy * dy > WEAPON_RANGE * WEAPON_RANGE) {
            despawnIndex(i);
            return;
        }
        ensureGrid();
        int n = grid.query(x[i], y[i], HIT_RADIUS, queryBuf);
        int best = -1;
        float bestD = HIT_RADIUS * HIT_RADIUS;
        for (int q = 0; q < n; q++) {
            int j = queryBuf[q];
            int k = kind[j];
            if (k == 0 || (K_COMPONENTS[k] & (C_HULL | C_ASTEROID_HP)) == 0 || nid[j] == projOwner[i]) {
                continue;
            }
            float ex = x[j] - x[i];
            float ey = y[j] - y[i];
            float d = ex * ex + ey * ey;
            if (d < bestD || (best >= 0 && d == bestD && nid[j] < nid[best])) {
                best = j;
                bestD = d;
            }
        }
        if (best >= 0) {
            long source = projOwner[i];
            despawnIndex(i);
            damage(best, source, WEAPON_DAMAGE);
        }
    }

    private void damage(int t, long source, int amount) {
        int k = kind[t];
        if ((K_COMPONENTS[k] & C_HULL) != 0) {
            int absorbed = Math.min(shield[t], amount);
            shield[t] -= absorbed;
            hull[t] = Math.max(0, hull[t] - (amount - absorbed));
            lastDamageTick[t] = tick;
            flags[t] |= F_REGEN;
            wake(t); // Its shield regenerates later.
            markDirty(t, C_SHIELD | C_HULL | (K_COMPONENTS[k] & C_SHIP_STATS));
        } else {
            hull[t] = Math.max(0, hull[t] - amount);
            markDirty(t, C_ASTEROID_HP);
        }
        queueReliableEvent(ReliableEventSink.BROADCAST, new GameEvent.DamageEvent(source, nid[t], amount));
        if (hull[t] == 0) {
            kill(t);
        }
    }

    private void kill(int t) {
        queueReliableEvent(ReliableEventSink.BROADCAST, new GameEvent.DeathEvent(nid[t]));
        int k = kind[t];
        if (k == EntityKinds.ASTEROID) {
            scheduleRespawn(k, x[t], y[t], oreMax[t], asteroidRespawnTicks);
        } else if ((k == EntityKinds.AI_INTERCEPTOR || k == EntityKinds.TRAINING_DUMMY) && owner[t] == 0) {
            // The world's own opponents come back at home; ones a client spawned are the client's.
            scheduleRespawn(k, homeX[t], homeY[t], 0, respawnTicks);
        }
        if (session[t] && owner[t] != 0) {
            ClientState cs = clients.get(owner[t]);
            if (cs != null && (cs.ship == nid[t] || cs.freshShip == nid[t]) && cs.respawnDue == 0) {
                cs.freshShip = 0;
                cs.respawnDue = tick + respawnTicks;
                cs.respawnKind = k;
                pendingShipRespawns++;
            }
        }
        int q = cargo[t];
        float px = x[t];
        float py = y[t];
        boolean hadHold = (K_COMPONENTS[k] & C_CARGO_HOLD) != 0;
        despawnIndex(t);
        if (hadHold && q > 0) {
            int d = allocate(EntityKinds.CARGO_DROP, px, py, 0f, 0L);
            if (d >= 0) {
                cargo[d] = q;
            }
        }
    }

    private void updateDrop(int i) {
        if (--lifetime[i] <= 0 || cargo[i] == 0) {
            despawnIndex(i); // Empty drops (e.g. spawned by hand) vanish instead of living forever.
            return;
        }
        ensureGrid();
        int n = grid.query(x[i], y[i], PICKUP_RADIUS, queryBuf);
        int best = -1;
        float bestD = Float.MAX_VALUE;
        for (int q = 0; q < n; q++) {
            int j = queryBuf[q];
            int k = kind[j];
            if (k == 0 || (K_COMPONENTS[k] & C_CARGO_HOLD) == 0 || cargo[j] >= CARGO_CAPACITY) {
                continue;
            }
            float dx = x[j] - x[i];
            float dy = y[j] - y[i];
            float d = dx * dx + dy * dy;
            if (d < bestD || (d == bestD && nid[j] < nid[best])) {
                best = j;
                bestD = d;
            }
        }
        if (best < 0) {
            return;
        }
        int amount = Math.min(cargo[i], CARGO_CAPACITY - cargo[best]);
        cargo[best] += amount;
        cargo[i] -= amount;
        markDirty(best, C_CARGO_HOLD);
        long target = owner[best] != 0 ? owner[best] : ReliableEventSink.BROADCAST;
        queueReliableEvent(target, new GameEvent.CargoCollected(nid[best], amount));
        if (cargo[i] == 0) {
            despawnIndex(i); // Once: no second "collected 0" event as upstream sent.
        } else {
            markDirty(i, C_CARGO_DROP);
        }
    }

    private void think(int i) {
        float tx;
        float ty;
        boolean fireNow = false;
        switch (aiState[i]) {
            case AI_CHASE -> {
                int t = index.get(aiTarget[i]);
                float hx = x[i] - homeX[i];
                float hy = y[i] - homeY[i];
                boolean lost = t < 0 || hx * hx + hy * hy > AI_LEASH_RANGE * AI_LEASH_RANGE;
                if (!lost) {
                    float dx = x[t] - x[i];
                    float dy = y[t] - y[i];
                    float d2 = dx * dx + dy * dy;
                    lost = d2 > (AI_AGGRO_RANGE * 1.5f) * (AI_AGGRO_RANGE * 1.5f);
                    fireNow = d2 <= WEAPON_RANGE * WEAPON_RANGE;
                }
                if (lost) {
                    aiState[i] = AI_RETURN;
                    aiTarget[i] = 0;
                    tx = homeX[i];
                    ty = homeY[i];
                    fireNow = false;
                } else {
                    tx = x[t];
                    ty = y[t];
                }
            }
            case AI_RETURN -> {
                tx = homeX[i];
                ty = homeY[i];
                float dx = tx - x[i];
                float dy = ty - y[i];
                if (dx * dx + dy * dy < AI_ARRIVE * AI_ARRIVE) {
                    aiState[i] = AI_PATROL;
                }
            }
            default -> {
                int t = nearestTarget(i, AI_AGGRO_RANGE, true);
                if (t >= 0) {
                    aiState[i] = AI_CHASE;
                    aiTarget[i] = nid[t];
                    tx = x[t];
                    ty = y[t];
                    fireNow = true;
                } else {
                    float dx = wpX[i] - x[i];
                    float dy = wpY[i] - y[i];
                    if (dx * dx + dy * dy < AI_ARRIVE * AI_ARRIVE) {
                        wpX[i] = homeX[i] + rng.nextFloat(-AI_PATROL_RADIUS, AI_PATROL_RADIUS);
                        wpY[i] = homeY[i] + rng.nextFloat(-AI_PATROL_RADIUS, AI_PATROL_RADIUS);
                    }
                    tx = wpX[i];
                    ty = wpY[i];
                }
            }
        }
        float dx = tx - x[i];
        float dy = ty - y[i];
        float len = (float) Math.sqrt(dx * dx + dy * dy);
        if (len > 1e-3f) {
            moveX[i] = dx / len;
            moveY[i] = dy / len;
        } else {
            moveX[i] = 0f;
            moveY[i] = 0f;
        }
        fire[i] = fireNow;
    }

    private void processRespawns() {
        for (int a = 0; a < arCount; ) {
            if (tick >= arDue[a]) {
                int i = allocate(arKind[a], arX[a], arY[a], 0f, 0L);
                if (i < 0) {
                    a++;
                    continue; // At the cap: try again next tick.
                }
                if (arKind[a] == EntityKinds.ASTEROID) {
                    ore[i] = arOre[a];
                    oreMax[i] = arOre[a];
                }
                arCount--;
                arKind[a] = arKind[arCount];
                arX[a] = arX[arCount];
                arY[a] = arY[arCount];
                arOre[a] = arOre[arCount];
                arDue[a] = arDue[arCount];
            } else {
                a++;
            }
        }
        if (pendingShipRespawns == 0) {
            return;
        }
        for (int s = 0; s < clients.capacity(); s++) {
            ClientState cs = clients.valueAt(s);
            if (cs == null || cs.respawnDue == 0 || tick < cs.respawnDue) {
                continue;
            }
            float px = rng.nextFloat(minX + (maxX - minX) * 0.25f, maxX - (maxX - minX) * 0.25f);
            float py = rng.nextFloat(minY + (maxY - minY) * 0.25f, maxY - (maxY - minY) * 0.25f);
            long clientId = clients.keyAt(s);
            int i = allocate(cs.respawnKind, px, py, 0f, clientId);
            if (i < 0) {
                continue;
            }
            session[i] = true;
            cs.freshShip = nid[i];
            cs.respawnDue = 0;
            pendingShipRespawns--;
            queueReliableEvent(clientId, new GameEvent.RespawnEvent(nid[i], x[i], y[i]));
        }
    }

    private void scheduleRespawn(int k, float px, float py, int capacity, int delayTicks) {
        if (arCount == arX.length) {
            arKind = Arrays.copyOf(arKind, arCount * 2);
            arX = Arrays.copyOf(arX, arCount * 2);
            arY = Arrays.copyOf(arY, arCount * 2);
            arOre = Arrays.copyOf(arOre, arCount * 2);
            arDue = Arrays.copyOf(arDue, arCount * 2);
        }
        arX[arCount] = px;
        arY[arCount] = py;
        arKind[arCount] = k;
        arOre[arCount] = capacity;
        arDue[arCount] = tick + delayTicks;
        arCount++;
    }

    private void ensureGrid() {
        if (gridStale) {
            grid.rebuild(x, y, kind, high);
            gridStale = false;
        }
    }

    // ---------------------------------------------------------------- replication

    @Override
    public void extractChanges(ReplicationSink sink) {
        int spawnStamp = ++stampCounter;
        if (roomSpawnPending) {
            sink.spawned(roomNid, ROOM_ENTITY_KIND);
            writeRoom(sink, ROOM_DEF | ROOM_BOUNDS | ROOM_MEMBER);
        }
        for (int s = 0; s < spawnCount; s++) {
            int i = spawnList[s];
            if (!spawnPending[i] || stamp[i] == spawnStamp) {
                continue;
            }
            stamp[i] = spawnStamp;
            sink.spawned(nid[i], kind[i]);
            writeComponents(i, K_COMPONENTS[kind[i]], sink);
        }
        for (int d = 0; d < despawnCount; d++) {
            sink.despawned(despawnList[d]);
        }
        if (!roomSpawnPending && roomDirty != 0) {
            writeRoom(sink, roomDirty);
        }
        for (int e = 0; e < dirtyCount; e++) {
            int i = dirtyList[e];
            int bits = dirty[i];
            if (bits == 0 || spawnPending[i]) {
                continue;
            }
            writeComponents(i, bits & K_COMPONENTS[kind[i]], sink);
        }
    }

    @Override
    public void postExtract() {
        for (int e = 0; e < dirtyCount; e++) {
            int i = dirtyList[e];
            dirty[i] = 0;
            queued[i] = false;
        }
        for (int s = 0; s < spawnCount; s++) {
            spawnPending[spawnList[s]] = false;
        }
        dirtyCount = 0;
        spawnCount = 0;
        despawnCount = 0;
        roomSpawnPending = false;
        roomDirty = 0;
    }

    @Override
    public void writeVisibleState(long clientId, ReplicationSink sink) {
        long r = clientRoom(clientId);
        if (r == roomNid) {
            sink.spawned(roomNid, ROOM_ENTITY_KIND);
            writeRoom(sink, ROOM_DEF | ROOM_BOUNDS | ROOM_MEMBER);
        }
        for (int i = 0; i < high; i++) {
            if (kind[i] != 0 && (room[i] == r || room[i] == NO_ROOM)) {
                sink.spawned(nid[i], kind[i]);
                writeComponents(i, K_COMPONENTS[kind[i]], sink);
            }
        }
    }

    private void writeRoom(ReplicationSink sink, int bits) {
        if ((bits & ROOM_DEF) != 0) {
            sink.component(roomNid, Components.ROOM_DEFINITION).str(config.roomName()).uint(0)
                    .variant(Components.ROOM_ACCESS_OPEN).bool(false).end();
        }
        if ((bits & ROOM_BOUNDS) != 0) {
            sink.component(roomNid, Components.ROOM_BOUNDS).f32(minX).f32(minY).f32(maxX).f32(maxY).end();
        }
        if ((bits & ROOM_MEMBER) != 0) {
            sink.component(roomNid, Components.ROOM_MEMBERSHIP).uint(roomNid).end();
        }
    }

    private void writeComponents(int i, int bits, ReplicationSink sink) {
        while (bits != 0) {
            int bit = Integer.lowestOneBit(bits);
            bits &= ~bit;
            writeComponent(i, bit, sink);
        }
    }

    private void writeComponent(int i, int bit, ReplicationSink sink) {
        long id = nid[i];
        int k = kind[i];
        switch (bit) {
            case C_TRANSFORM -> sink.component(id, Components.TRANSFORM).f32(x[i]).f32(y[i]).f32(0f).f32(rot[i])
                    .uint(k).end();
            case C_VELOCITY -> sink.component(id, Components.VELOCITY).f32(vx[i]).f32(vy[i]).f32(0f).end();
            case C_SHIP_STATS -> sink.component(id, Components.SHIP_STATS).uint(hull[i]).uint(hullMax[i])
                    .uint(shield[i]).uint(shieldMax[i]).uint(K_ENERGY[k]).uint(K_ENERGY[k])
                    .uint(K_SHIELD_REGEN[k]).uint(K_ENERGY_REGEN[k]).end();
            case C_SHIP_CLASS -> sink.component(id, Components.SHIP_CLASS).variant(K_CLASS[k]).end();
            case C_PLAYER_NAME -> sink.component(id, Components.PLAYER_NAME).str(K_NAME[k]).end();
            case C_ASTEROID_HP -> sink.component(id, Components.ASTEROID_HP).uint(hull[i]).uint(hullMax[i]).end();
            case C_PROJECTILE -> sink.component(id, Components.PROJECTILE_MARKER)
                    .variant(Components.PROJECTILE_PULSE_LASER).uint(originTick[i]).end();
            case C_MEMBERSHIP -> sink.component(id, Components.ROOM_MEMBERSHIP).uint(room[i]).end();
            case C_MINING -> {
                var w = sink.component(id, Components.MINING_BEAM).bool(beamOn[i]);
                (beamOn[i] ? w.uint(beamTarget[i]) : w.none()).f32(MINING_RANGE).uint(MINING_RATE).end();
            }
            case C_CARGO_HOLD -> sink.component(id, Components.CARGO_HOLD).uint(cargo[i]).uint(CARGO_CAPACITY).end();
            case C_ASTEROID -> sink.component(id, Components.ASTEROID).uint(ore[i]).uint(oreMax[i]).end();
            case C_WEAPON -> sink.component(id, Components.WEAPON).uint(cooldownTicks).uint(lastFired[i]).end();
            case C_SHIELD -> sink.component(id, Components.SHIELD_POOL).uint(shield[i]).uint(shieldMax[i]).end();
            case C_HULL -> sink.component(id, Components.HULL_POOL).uint(hull[i]).uint(hullMax[i]).end();
            case C_CARGO_DROP -> sink.component(id, Components.CARGO_DROP).uint(cargo[i]).end();
            default -> throw new IllegalStateException("no component for bit " + bit);
        }
    }

    private void markDirty(int i, int bits) {
        if (spawnPending[i]) {
            return; // Its full state goes out with the spawn.
        }
        if (!queued[i]) {
            queued[i] = true;
            if (dirtyCount == dirtyList.length) {
                dirtyList = Arrays.copyOf(dirtyList, dirtyCount * 2);
            }
            dirtyList[dirtyCount++] = i;
        }
        dirty[i] |= bits;
    }

    @Override
    public void extractReliableEvents(ReliableEventSink sink) {
        for (int e = 0; e < eventCount; e++) {
            GameEvent ev = events[e];
            events[e] = null;
            sink.event(eventTargets[e], ev);
        }
        eventCount = 0;
    }

    @Override
    public void queueReliableEvent(long targetClientId, GameEvent event) {
        if (eventCount == events.length) {
            events = Arrays.copyOf(events, eventCount * 2);
            eventTargets = Arrays.copyOf(eventTargets, eventCount * 2);
        }
        eventTargets[eventCount] = targetClientId;
        events[eventCount++] = event;
    }

    // ---------------------------------------------------------------- entity lifecycle

    /**
     * Takes a slot and initializes an entity of {@code k}; −1 at the cap. Positions are wrapped
     * into the room.
     */
    private int allocate(int k, float px, float py, float r, long ownerId) {
        if (live >= cap) {
            return -1;
        }
        int i = freeCount > 0 ? free[--freeCount] : high++;
        long id = ids.allocate();
        nid[i] = id;
        kind[i] = k;
        room[i] = roomNid;
        owner[i] = ownerId;
        session[i] = false;
        x[i] = wrap(px, minX, maxX);
        y[i] = wrap(py, minY, maxY);
        setRotation(i, angle(r));
        vx[i] = 0f;
        vy[i] = 0f;
        moveX[i] = 0f;
        moveY[i] = 0f;
        fire[i] = false;
        inputDeadline[i] = 0;
        flags[i] = 0;
        lastClientTick[i] = -1;
        int comps = K_COMPONENTS[k];
        boolean pools = (comps & (C_HULL | C_ASTEROID_HP)) != 0;
        hull[i] = pools ? EntityKinds.defaultMaxHull(k) : 0;
        hullMax[i] = hull[i];
        shield[i] = (comps & C_SHIELD) != 0 ? EntityKinds.defaultMaxShield(k) : 0;
        shieldMax[i] = shield[i];
        lastDamageTick[i] = 0;
        lastFired[i] = 0;
        beamOn[i] = false;
        beamTarget[i] = 0;
        cargo[i] = 0;
        ore[i] = k == EntityKinds.ASTEROID ? ASTEROID_ORE : 0;
        oreMax[i] = ore[i];
        projOwner[i] = 0;
        originX[i] = x[i];
        originY[i] = y[i];
        originTick[i] = tick;
        lifetime[i] = k == EntityKinds.PROJECTILE ? projectileLifetimeTicks
                : (k == EntityKinds.CARGO_DROP ? dropLifetimeTicks : 0);
        aiState[i] = AI_PATROL;
        aiTarget[i] = 0;
        homeX[i] = x[i];
        homeY[i] = y[i];
        wpX[i] = x[i];
        wpY[i] = y[i];
        if (k == EntityKinds.AI_INTERCEPTOR) {
            aiCount++;
        }
        index.put(id, i);
        dirty[i] = 0;
        spawnPending[i] = true;
        if (spawnCount == spawnList.length) {
            spawnList = Arrays.copyOf(spawnList, spawnCount * 2);
        }
        spawnList[spawnCount++] = i;
        live++;
        gridStale = true;
        wake(i);
        return i;
    }

    private void despawnIndex(int i) {
        if (spawnPending[i]) {
            spawnPending[i] = false; // Never reported, so nobody needs the despawn either.
        } else {
            despawnList[despawnCount++] = nid[i];
        }
        if (kind[i] == EntityKinds.AI_INTERCEPTOR) {
            aiCount--;
        }
        dirty[i] = 0;
        index.remove(nid[i]);
        kind[i] = 0;
        nid[i] = 0;
        session[i] = false;
        beamOn[i] = false;
        fire[i] = false;
        shield[i] = 0;
        shieldMax[i] = 0;
        inputDeadline[i] = 0;
        flags[i] = 0;
        activeBits[i >>> 6] &= ~(1L << i);
        free[freeCount++] = i;
        live--;
        gridStale = true;
    }

    @Override
    public long spawnKind(int entityKind, float px, float py, float r, long clientId) throws WorldException {
        if (!EntityKinds.isKnown(entityKind)) {
            throw new WorldException(new WorldError.UnknownEntityKind(entityKind));
        }
        requireFinite(px, py, r);
        int i = allocate(entityKind, px, py, r, clientId);
        if (i < 0) {
            throw new WorldException(new WorldError.EntityLimitReached(cap));
        }
        return nid[i];
    }

    @Override
    public long spawnSessionShip(int entityKind, float px, float py, float r, long clientId) throws WorldException {
        if (clientId == 0) {
            throw invalid("client id 0 never names a client");
        }
        if (entityKind != EntityKinds.INTERCEPTOR && entityKind != EntityKinds.DREADNOUGHT
                && entityKind != EntityKinds.HAULER) {
            throw new WorldException(new WorldError.UnknownEntityKind(entityKind));
        }
        requireFinite(px, py, r);
        ClientState cs = clients.get(clientId);
        if (cs == null) {
            cs = new ClientState();
            clients.put(clientId, cs);
        }
        if (cs.freshShip != 0 && isAlive(cs.freshShip)) {
            // The respawned ship waits for its owner: hand it over instead of making another.
            cs.ship = cs.freshShip;
            cs.freshShip = 0;
            cs.room = roomNid;
            return cs.ship;
        }
        if (cs.ship != 0 && isAlive(cs.ship)) {
            cs.room = roomNid;
            return cs.ship; // One session ship per client.
        }
        if (cs.respawnDue != 0) {
            throw invalid("the ship respawns in " + (cs.respawnDue - tick) + " ticks");
        }
        int i = allocate(entityKind, px, py, r, clientId);
        if (i < 0) {
            throw new WorldException(new WorldError.EntityLimitReached(cap));
        }
        session[i] = true;
        cs.ship = nid[i];
        cs.room = room[i];
        return nid[i];
    }

    private static void requireFinite(float px, float py, float r) throws WorldException {
        if (!Float.isFinite(px) || !Float.isFinite(py) || !Float.isFinite(r)) {
            throw invalid("position and rotation must be finite, got (" + px + ", " + py + ", " + r + ")");
        }
    }

    @Override
    public boolean despawn(long networkId) {
        int i = index.get(networkId);
        if (i < 0) {
            return false;
        }
        despawnIndex(i);
        return true;
    }

    @Override
    public boolean isAlive(long networkId) {
        return networkId == roomNid || index.get(networkId) >= 0;
    }

    @Override
    public int stressTest(int count, boolean rotate) {
        int n = Math.max(0, Math.min(count, cap - live));
        final double tau = 2 * StrictMath.PI;
        for (int s = 0; s < n; s++) {
            int k = STRESS_KINDS[s % STRESS_KINDS.length];
            float px = rng.nextFloat(minX, maxX);
            float py = rng.nextFloat(minY, maxY);
            float r = rotate ? (float) (rng.nextFloat() * tau - StrictMath.PI) : 0f;
            int i = allocate(k, px, py, r, 0L);
            double heading = rng.nextFloat() * tau;
            // Unowned ships keep their thrust (no input timeout), so they keep moving.
            moveX[i] = (float) StrictMath.cos(heading);
            moveY[i] = (float) StrictMath.sin(heading);
        }
        return n;
    }

    @Override
    public void clearWorld() {
        for (int i = 0; i < high; i++) {
            if (kind[i] != 0) {
                despawnIndex(i);
            }
        }
        arCount = 0;
        for (int s = 0; s < clients.capacity(); s++) {
            ClientState cs = clients.valueAt(s);
            if (cs != null) {
                cs.respawnDue = 0;
                cs.freshShip = 0;
            }
        }
        pendingShipRespawns = 0;
    }

    @Override
    public long entityRoom(long networkId) {
        if (networkId == roomNid) {
            return roomNid;
        }
        int i = index.get(networkId);
        return i < 0 ? NO_ROOM : room[i];
    }

    @Override
    public long clientRoom(long clientId) {
        ClientState cs = clients.get(clientId);
        return cs == null ? NO_ROOM : cs.room;
    }

    @Override
    public void removeClient(long clientId) {
        ClientState cs = clients.remove(clientId);
        if (cs == null) {
            return;
        }
        if (cs.respawnDue != 0) {
            pendingShipRespawns--;
        }
        if (cs.freshShip != 0) {
            despawn(cs.freshShip); // The caller never learned of it, so it cannot clean it up.
        }
    }

    @Override
    public int entityCount() {
        return live;
    }

    @Override
    public long stateHash() {
        // The tick number is left out on purpose: consecutive hashes differ only if the state moved.
        long h = config.seed() ^ 0x243F6A8885A308D3L;
        for (int i = 0; i < high; i++) {
            int k = kind[i];
            if (k == 0) {
                continue;
            }
            h = mix(h, nid[i]);
            h = mix(h, ((long) k << 32) | (Float.floatToRawIntBits(rot[i]) & 0xFFFF_FFFFL));
            h = mix(h, ((long) Float.floatToRawIntBits(x[i]) << 32) | (Float.floatToRawIntBits(y[i]) & 0xFFFF_FFFFL));
            h = mix(h, ((long) Float.floatToRawIntBits(vx[i]) << 32) | (Float.floatToRawIntBits(vy[i]) & 0xFFFF_FFFFL));
            h = mix(h, ((long) hull[i] << 32) | shield[i]);
            h = mix(h, ((long) cargo[i] << 32) | ore[i] | (beamOn[i] ? 1L << 31 : 0));
        }
        return mix(h, live);
    }

    private static long mix(long h, long v) {
        long z = (h ^ v) * 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 29)) * 0xBF58476D1CE4E5B9L;
        return z ^ (z >>> 32);
    }

    // ---------------------------------------------------------------- queries (tools, tests, interest)

    /**
     * Network ids of live entities within {@code radius} of ({@code px}, {@code py}) in the
     * playground room, through the spatial grid; allocation-free.
     *
     * @return how many ids were written into {@code out}
     */
    public int queryRadius(float px, float py, float radius, long[] out) {
        ensureGrid();
        int n = grid.query(px, py, radius, queryBuf);
        int m = Math.min(n, out.length);
        for (int q = 0; q < m; q++) {
            out[q] = nid[queryBuf[q]];
        }
        return m;
    }

    /** Sets the ore an entity carries (a ship's hold or a drop's quantity); for tests. */
    void setCargoForTest(long networkId, int amount) {
        int i = index.get(networkId);
        cargo[i] = amount;
        markDirty(i, (K_COMPONENTS[kind[i]] & (C_CARGO_HOLD | C_CARGO_DROP)));
    }

    /** A read-only view of one live entity, for tools and tests (allocates). */
    public EntityView view(long networkId) {
        int i = index.get(networkId);
        if (i < 0) {
            throw new IllegalArgumentException("no live entity " + Long.toUnsignedString(networkId));
        }
        return new EntityView(nid[i], kind[i], owner[i], x[i], y[i], rot[i], vx[i], vy[i], hull[i], shield[i],
                cargo[i], ore[i], beamOn[i], beamTarget[i]);
    }

    /**
     * Snapshot of one entity's main fields.
     *
     * @param networkId  id
     * @param kind       entity kind
     * @param owner      owning client, 0 for none
     * @param x          position
     * @param y          position
     * @param rotation   radians
     * @param vx         velocity
     * @param vy         velocity
     * @param hull       hull points (asteroid hit points for asteroids)
     * @param shield     shield points
     * @param cargo      ore carried (quantity for a cargo drop)
     * @param ore        ore left in an asteroid
     * @param mining     whether the mining beam is on
     * @param miningTarget the beam's target, 0 for none
     */
    public record EntityView(long networkId, int kind, long owner, float x, float y, float rotation, float vx,
            float vy, int hull, int shield, int cargo, int ore, boolean mining, long miningTarget) {
        /** Speed in units per second. */
        public float speed() {
            return (float) Math.sqrt(vx * vx + vy * vy);
        }
    }
}
