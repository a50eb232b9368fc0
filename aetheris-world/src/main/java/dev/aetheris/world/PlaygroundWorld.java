package dev.aetheris.world;

import static dev.aetheris.world.PlaygroundSchema.BEAM_TARGET;
import static dev.aetheris.world.PlaygroundSchema.ROT;
import static dev.aetheris.world.PlaygroundSchema.VX;
import static dev.aetheris.world.PlaygroundSchema.VY;

import dev.aetheris.protocol.component.EntityKinds;
import dev.aetheris.protocol.component.InputCommandBuffer;
import dev.aetheris.protocol.error.WorldError;
import dev.aetheris.protocol.error.WorldException;
import dev.aetheris.protocol.event.GameEvent;
import dev.aetheris.protocol.seam.InputVerdict;
import dev.aetheris.protocol.seam.ReliableEventSink;
import dev.aetheris.protocol.seam.ReplicationSink;
import dev.aetheris.protocol.seam.WorldState;
import dev.aetheris.replication.EntityStore;
import dev.aetheris.replication.ReplicatedWorld;
import dev.aetheris.replication.StoreExtractor;

/**
 * The playground game: ships, asteroids, mining, combat and AI interceptors in one room with
 * wrap-around bounds ({@link WorldConfig}: by default a 4,000-unit square with asteroid fields
 * and AI patrols).
 *
 * <p><b>Systems over the store.</b> Every replicated field lives in one {@link EntityStore} laid
 * out by {@link PlaygroundSchema}; the systems write it as they simulate and the engine replicates
 * from it. {@code simulate} runs, in this order: respawns ({@code Respawns}, then session ships),
 * AI decisions, the motion pass (input timeout, physics, shield regeneration), mining, firing and
 * projectiles, cargo pickup. This class composes them and answers {@link WorldState}'s commands;
 * the extraction methods only read the store (for tick loops that still ask the world).
 *
 * <p><b>Determinism.</b> Fixed step, one {@link SplitMix64} seeded from the config, iteration in
 * store-index order, {@link StrictMath} for trigonometry, and a {@link #stateHash()} over the state.
 *
 * <p><b>Reliable events.</b> {@code DamageEvent}, {@code DeathEvent} and {@code AsteroidDepleted}
 * are broadcast; {@code RespawnEvent} goes to the ship's owner; {@code CargoCollected} goes to the
 * collecting ship's owner (broadcast for unowned ships).
 *
 * <p><b>Threading.</b> Confined to its room's loop thread, like every {@link WorldState}; so is its
 * store. Steady-state ticks allocate nothing.
 */
public final class PlaygroundWorld implements ReplicatedWorld {

    /** Entity kind of the room entity in the store and in {@code spawned} (not a gameplay kind). */
    public static final int ROOM_ENTITY_KIND = 0;
    /** Anti-replay window for input ticks, as upstream. */
    public static final long INPUT_TICK_WINDOW = Input.TICK_WINDOW;

    private final WorldConfig config;
    private final Entities e;
    private final EntityStore store;
    private final StoreExtractor extractor;
    private final Respawns respawns;
    private final SessionShips sessions;
    private final Combat combat;
    private final Mining mining;
    private final Motion motion;
    private final Ai ai;
    private final Input input;
    private final Population population;
    private long tick;

    /** Builds the world, its room, and the configured asteroids and AI interceptors. */
    private volatile boolean frozen;

    public PlaygroundWorld(WorldConfig config) {
        this.config = config;
        e = new Entities(config);
        store = e.store;
        extractor = new StoreExtractor(store);
        respawns = new Respawns(e);
        sessions = new SessionShips(e);
        combat = new Combat(e, respawns, sessions);
        mining = new Mining(e, respawns);
        motion = new Motion(e, combat);
        ai = new Ai(e, combat);
        input = new Input(e, mining);
        population = new Population(e);
        population.populate();
    }

    /** The configuration this world runs with. */
    public WorldConfig config() {
        return config;
    }

    /** The playground room's network id (the room is itself a replicated, room-global entity). */
    public long roomId() {
        return e.roomId();
    }

    /** The current server tick (advanced by {@link #advanceTick()}). */
    public long tick() {
        return tick;
    }

    @Override
    public EntityStore store() {
        return store;
    }

    // ---------------------------------------------------------------- tick stages

    @Override
    public void advanceTick() {
        tick++;
        e.setTick(tick);
    }

    @Override
    public InputVerdict applyInput(long clientId, long networkId, InputCommandBuffer command) {
        return input.apply(clientId, networkId, command);
    }

    private static WorldException invalid(String reason) {
        return new WorldException(new WorldError.InvalidInput(reason));
    }

    /**
     * Stops or resumes the simulation: while frozen, ticks still apply commands and replicate,
     * but nothing moves, fights, respawns or dies, so clients converge on a world that holds
     * still (a test compares their mirrors with it). Any thread; takes effect from the next tick.
     */
    public void setFrozen(boolean frozen) {
        this.frozen = frozen;
    }

    @Override
    public void simulate() {
        if (frozen) {
            return;
        }
        respawns.run();
        sessions.run();
        ai.run();
        motion.run();
        mining.mine(motion);
        combat.run(motion);
        mining.collect(motion);
    }

    @Override
    public void extractChanges(ReplicationSink sink) {
        extractor.extractChanges(sink);
    }

    @Override
    public void postExtract() {
        extractor.postExtract();
        // Commands between ticks belong to the next send, not to the one just extracted.
        store.setTick(tick + 1);
    }

    @Override
    public void writeVisibleState(long clientId, ReplicationSink sink) {
        extractor.writeVisibleState(clientRoom(clientId), sink);
    }

    @Override
    public void extractReliableEvents(ReliableEventSink sink) {
        e.events.drainTo(sink);
    }

    @Override
    public void queueReliableEvent(long targetClientId, GameEvent event) {
        e.events.add(targetClientId, event);
    }

    // ---------------------------------------------------------------- commands

    @Override
    public long spawnKind(int entityKind, float px, float py, float r, long clientId) throws WorldException {
        if (!EntityKinds.isKnown(entityKind)) {
            throw new WorldException(new WorldError.UnknownEntityKind(entityKind));
        }
        requireFinite(px, py, r);
        int i = e.spawn(entityKind, px, py, r, clientId);
        if (i < 0) {
            throw new WorldException(new WorldError.EntityLimitReached(config.maxEntities()));
        }
        return store.networkId(i);
    }

    @Override
    public long spawnSessionShip(int entityKind, float px, float py, float r, long clientId) throws WorldException {
        if (clientId == 0) {
            throw invalid("client id 0 never names a client");
        }
        if (!SessionShips.isShipKind(entityKind)) {
            throw new WorldException(new WorldError.UnknownEntityKind(entityKind));
        }
        requireFinite(px, py, r);
        return sessions.spawn(entityKind, px, py, r, clientId);
    }

    private static void requireFinite(float px, float py, float r) throws WorldException {
        if (!Float.isFinite(px) || !Float.isFinite(py) || !Float.isFinite(r)) {
            throw invalid("position and rotation must be finite, got (" + px + ", " + py + ", " + r + ")");
        }
    }

    @Override
    public boolean despawn(long networkId) {
        int i = e.indexOf(networkId);
        if (i < 0) {
            return false; // Unknown, or the room itself, which is never despawned.
        }
        e.despawn(i);
        return true;
    }

    @Override
    public boolean isAlive(long networkId) {
        return store.indexOf(networkId) != EntityStore.NONE;
    }

    @Override
    public int stressTest(int count, boolean rotate) {
        return population.stressTest(count, rotate);
    }

    @Override
    public void clearWorld() {
        e.clear();
        respawns.clear();
        sessions.clear();
    }

    @Override
    public long entityRoom(long networkId) {
        int i = store.indexOf(networkId);
        return i == EntityStore.NONE ? NO_ROOM : store.room(i);
    }

    @Override
    public long clientRoom(long clientId) {
        return sessions.clientRoom(clientId);
    }

    @Override
    public void removeClient(long clientId) {
        sessions.remove(clientId);
    }

    @Override
    public int entityCount() {
        return e.live();
    }

    @Override
    public long stateHash() {
        // The tick number is left out on purpose: consecutive hashes differ only if the state moved.
        long h = config.seed() ^ 0x243F6A8885A308D3L;
        int high = e.high();
        for (int i = 0; i < high; i++) {
            int k = e.kind(i);
            if (k == 0) {
                continue;
            }
            h = mix(h, store.networkId(i));
            h = mix(h, ((long) k << 32) | (Float.floatToRawIntBits(store.getFloat(i, ROT)) & 0xFFFF_FFFFL));
            h = mix(h, ((long) Float.floatToRawIntBits(e.x(i)) << 32)
                    | (Float.floatToRawIntBits(e.y(i)) & 0xFFFF_FFFFL));
            h = mix(h, ((long) Float.floatToRawIntBits(store.getFloat(i, VX)) << 32)
                    | (Float.floatToRawIntBits(store.getFloat(i, VY)) & 0xFFFF_FFFFL));
            h = mix(h, ((long) e.hull(i) << 32) | e.shield(i));
            h = mix(h, ((long) e.cargo(i) << 32) | e.ore(i) | (e.beamOn(i) ? 1L << 31 : 0));
        }
        return mix(h, e.live());
    }

    private static long mix(long h, long v) {
        long z = (h ^ v) * 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 29)) * 0xBF58476D1CE4E5B9L;
        return z ^ (z >>> 32);
    }

    // ---------------------------------------------------------------- queries (tools, tests)

    /**
     * Network ids of live entities within {@code radius} of ({@code px}, {@code py}) in the
     * playground room, through the spatial grid; allocation-free.
     *
     * @return how many ids were written into {@code out}
     */
    public int queryRadius(float px, float py, float radius, long[] out) {
        int n = e.query(px, py, radius);
        int m = Math.min(n, out.length);
        for (int q = 0; q < m; q++) {
            out[q] = store.networkId(e.queryBuf[q]);
        }
        return m;
    }

    /** Sets the ore an entity carries (a ship's hold or a drop's quantity); for tests. */
    void setCargoForTest(long networkId, int amount) {
        e.setCargo(e.indexOf(networkId), amount);
    }

    /** A read-only view of one live entity, for tools and tests (allocates). */
    public EntityView view(long networkId) {
        int i = e.indexOf(networkId);
        if (i < 0) {
            throw new IllegalArgumentException("no live entity " + Long.toUnsignedString(networkId));
        }
        boolean mining = e.beamOn(i);
        return new EntityView(store.networkId(i), store.kind(i), store.owner(i), e.x(i), e.y(i),
                store.getFloat(i, ROT), store.getFloat(i, VX), store.getFloat(i, VY), e.hull(i), e.shield(i),
                e.cargo(i), e.ore(i), mining, mining ? store.getLong(i, BEAM_TARGET) : 0);
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
