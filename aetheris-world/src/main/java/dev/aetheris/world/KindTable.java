package dev.aetheris.world;

import static dev.aetheris.world.PlaygroundSchema.*;

import dev.aetheris.protocol.component.Components;
import dev.aetheris.protocol.component.EntityKinds;
import dev.aetheris.replication.EntityStore;

/**
 * Per-kind constants of the playground (upstream §5 unless noted), indexed by entity kind: which
 * components a kind carries, its physics, its fixed stats and the initial values it spawns with. Per kind, not per entity, so the
 * entity arrays hold only what varies.
 */
final class KindTable {
    static final int KINDS = 21;

    static final long[] COMPONENTS = new long[KINDS];
    static final boolean[] PHYSICS = new boolean[KINDS];
    static final float[] MASS = new float[KINDS];
    static final float[] THRUST = new float[KINDS];
    static final float[] VMAX = new float[KINDS];
    static final float[] TURN = new float[KINDS];
    static final float[] DRAG = new float[KINDS];
    static final String[] DISPLAY_NAME = new String[KINDS];
    static final int[] HULL_CLASS = new int[KINDS];
    static final int[] ENERGY = new int[KINDS];
    static final int[] SHIELD_REGEN = new int[KINDS];
    static final int[] ENERGY_REGEN = new int[KINDS];

    private static final long SHIP = SCHEMA.mask(TRANSFORM, VELOCITY, SHIP_STATS, SHIP_CLASS, PLAYER_NAME,
            MEMBERSHIP, MINING, CARGO_HOLD, WEAPON, SHIELD, HULL);

    static {
        ship(EntityKinds.INTERCEPTOR, "Player", Components.SHIP_CLASS_INTERCEPTOR, 100, 10_000, 100, 270, 100, 5, 10);
        ship(EntityKinds.AI_INTERCEPTOR, "AI Interceptor", Components.SHIP_CLASS_INTERCEPTOR, 100, 10_000, 100, 270,
                100, 5, 10);
        ship(EntityKinds.DREADNOUGHT, "Dreadnought", Components.SHIP_CLASS_DREADNOUGHT, 400, 40_000, 60, 60, 300, 15,
                20);
        ship(EntityKinds.HAULER, "Hauler", Components.SHIP_CLASS_HAULER, 200, 25_000, 80, 150, 150, 8, 12);
        COMPONENTS[EntityKinds.ASTEROID] = SCHEMA.mask(TRANSFORM, VELOCITY, MEMBERSHIP, ASTEROID_HP, ASTEROID);
        COMPONENTS[EntityKinds.CARGO_DROP] = SCHEMA.mask(TRANSFORM, VELOCITY, MEMBERSHIP, CARGO_DROP);
        physics(EntityKinds.CARGO_DROP, 10, 0, 10, 0, 2);
        COMPONENTS[EntityKinds.TRAINING_DUMMY] = SCHEMA.mask(TRANSFORM, VELOCITY, SHIP_CLASS, PLAYER_NAME,
                MEMBERSHIP, SHIELD, HULL);
        DISPLAY_NAME[EntityKinds.TRAINING_DUMMY] = "Training Dummy";
        HULL_CLASS[EntityKinds.TRAINING_DUMMY] = Components.SHIP_CLASS_HAULER;
        SHIELD_REGEN[EntityKinds.TRAINING_DUMMY] = 5;
        physics(EntityKinds.TRAINING_DUMMY, 200, 0, 0, 0, 1);
        COMPONENTS[EntityKinds.PROJECTILE] = SCHEMA.mask(TRANSFORM, VELOCITY, MEMBERSHIP, PROJECTILE);
        physics(EntityKinds.PROJECTILE, 1, 0, 1000, 0, 0);
    }

    private KindTable() {
    }

    /** Whether kind {@code k} carries component {@code component} (a schema handle). */
    static boolean has(int k, int component) {
        return (COMPONENTS[k] & (1L << component)) != 0;
    }

    /**
     * Writes the initial value of every replicated stat kind {@code k} carries (pools at their
     * maximum, fixed ship stats, beam, hold and weapon constants) for the entity at {@code i}.
     */
    static void writeInitialStats(EntityStore store, int i, int k, int cooldownTicks, long tick) {
        long hull = EntityKinds.defaultMaxHull(k);
        long shield = EntityKinds.defaultMaxShield(k);
        if (has(k, SHIP_STATS)) {
            store.setLong(i, STATS_HP, hull);
            store.setLong(i, STATS_MAX_HP, hull);
            store.setLong(i, STATS_SHIELD, shield);
            store.setLong(i, STATS_MAX_SHIELD, shield);
            store.setLong(i, STATS_ENERGY, ENERGY[k]);
            store.setLong(i, STATS_MAX_ENERGY, ENERGY[k]);
            store.setLong(i, STATS_SHIELD_REGEN, SHIELD_REGEN[k]);
            store.setLong(i, STATS_ENERGY_REGEN, ENERGY_REGEN[k]);
        }
        if (has(k, SHIP_CLASS)) {
            store.setLong(i, CLASS, HULL_CLASS[k]);
        }
        if (has(k, PLAYER_NAME)) {
            store.setString(i, NAME, DISPLAY_NAME[k]);
        }
        if (has(k, HULL)) {
            store.setLong(i, HULL_NOW, hull);
            store.setLong(i, HULL_MAX, hull);
        }
        if (has(k, SHIELD)) {
            store.setLong(i, SHIELD_NOW, shield);
            store.setLong(i, SHIELD_MAX, shield);
        }
        if (has(k, ASTEROID_HP)) {
            store.setLong(i, AHP, hull);
            store.setLong(i, AHP_MAX, hull);
        }
        if (has(k, ASTEROID)) {
            store.setLong(i, ORE, Mining.ASTEROID_ORE);
            store.setLong(i, ORE_MAX, Mining.ASTEROID_ORE);
        }
        if (has(k, MINING)) {
            store.setFloat(i, BEAM_RANGE, Mining.MINING_RANGE);
            store.setLong(i, BEAM_RATE, Mining.MINING_RATE);
        }
        if (has(k, CARGO_HOLD)) {
            store.setLong(i, CARGO_CAPACITY, Mining.CARGO_CAPACITY);
        }
        if (has(k, WEAPON)) {
            store.setLong(i, COOLDOWN, cooldownTicks);
        }
        if (has(k, PROJECTILE)) {
            store.setLong(i, PROJECTILE_TYPE, Components.PROJECTILE_PULSE_LASER);
            store.setLong(i, ORIGIN_TICK, tick);
        }
    }

    private static void ship(int kind, String name, int shipClass, float mass, float thrust, float vmax, float turnDeg,
            int energy, int shieldRegen, int energyRegen) {
        COMPONENTS[kind] = SHIP;
        DISPLAY_NAME[kind] = name;
        HULL_CLASS[kind] = shipClass;
        ENERGY[kind] = energy;
        SHIELD_REGEN[kind] = shieldRegen;
        ENERGY_REGEN[kind] = energyRegen;
        physics(kind, mass, thrust, vmax, turnDeg, 2);
    }

    private static void physics(int kind, float mass, float thrust, float vmax, float turnDeg, float drag) {
        PHYSICS[kind] = true;
        MASS[kind] = mass;
        THRUST[kind] = thrust;
        VMAX[kind] = vmax;
        TURN[kind] = (float) (turnDeg * StrictMath.PI / 180.0);
        DRAG[kind] = drag;
    }
}
