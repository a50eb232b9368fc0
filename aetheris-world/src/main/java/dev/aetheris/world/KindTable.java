package dev.aetheris.world;

import static dev.aetheris.world.PlaygroundSchema.SCHEMA;

import dev.aetheris.protocol.component.Components;
import dev.aetheris.protocol.component.EntityKinds;

/**
 * Per-kind constants of the playground (upstream §5 unless noted), indexed by entity kind: which
 * components a kind carries, its physics and its fixed stats. Per kind, not per entity, so the
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
    static final String[] NAME = new String[KINDS];
    static final int[] SHIP_CLASS = new int[KINDS];
    static final int[] ENERGY = new int[KINDS];
    static final int[] SHIELD_REGEN = new int[KINDS];
    static final int[] ENERGY_REGEN = new int[KINDS];

    private static final long SHIP = SCHEMA.mask(PlaygroundSchema.TRANSFORM, PlaygroundSchema.VELOCITY,
            PlaygroundSchema.SHIP_STATS, PlaygroundSchema.SHIP_CLASS, PlaygroundSchema.PLAYER_NAME,
            PlaygroundSchema.MEMBERSHIP, PlaygroundSchema.MINING, PlaygroundSchema.CARGO_HOLD,
            PlaygroundSchema.WEAPON, PlaygroundSchema.SHIELD, PlaygroundSchema.HULL);

    static {
        ship(EntityKinds.INTERCEPTOR, "Player", Components.SHIP_CLASS_INTERCEPTOR, 100, 10_000, 100, 270, 100, 5, 10);
        ship(EntityKinds.AI_INTERCEPTOR, "AI Interceptor", Components.SHIP_CLASS_INTERCEPTOR, 100, 10_000, 100, 270,
                100, 5, 10);
        ship(EntityKinds.DREADNOUGHT, "Dreadnought", Components.SHIP_CLASS_DREADNOUGHT, 400, 40_000, 60, 60, 300, 15,
                20);
        ship(EntityKinds.HAULER, "Hauler", Components.SHIP_CLASS_HAULER, 200, 25_000, 80, 150, 150, 8, 12);
        COMPONENTS[EntityKinds.ASTEROID] = SCHEMA.mask(PlaygroundSchema.TRANSFORM, PlaygroundSchema.VELOCITY,
                PlaygroundSchema.MEMBERSHIP, PlaygroundSchema.ASTEROID_HP, PlaygroundSchema.ASTEROID);
        COMPONENTS[EntityKinds.CARGO_DROP] = SCHEMA.mask(PlaygroundSchema.TRANSFORM, PlaygroundSchema.VELOCITY,
                PlaygroundSchema.MEMBERSHIP, PlaygroundSchema.CARGO_DROP);
        physics(EntityKinds.CARGO_DROP, 10, 0, 10, 0, 2);
        COMPONENTS[EntityKinds.TRAINING_DUMMY] = SCHEMA.mask(PlaygroundSchema.TRANSFORM, PlaygroundSchema.VELOCITY,
                PlaygroundSchema.SHIP_CLASS, PlaygroundSchema.PLAYER_NAME, PlaygroundSchema.MEMBERSHIP,
                PlaygroundSchema.SHIELD, PlaygroundSchema.HULL);
        NAME[EntityKinds.TRAINING_DUMMY] = "Training Dummy";
        SHIP_CLASS[EntityKinds.TRAINING_DUMMY] = Components.SHIP_CLASS_HAULER;
        SHIELD_REGEN[EntityKinds.TRAINING_DUMMY] = 5;
        physics(EntityKinds.TRAINING_DUMMY, 200, 0, 0, 0, 1);
        COMPONENTS[EntityKinds.PROJECTILE] = SCHEMA.mask(PlaygroundSchema.TRANSFORM, PlaygroundSchema.VELOCITY,
                PlaygroundSchema.MEMBERSHIP, PlaygroundSchema.PROJECTILE);
        physics(EntityKinds.PROJECTILE, 1, 0, 1000, 0, 0);
    }

    private KindTable() {
    }

    /** Whether kind {@code k} carries component {@code component} (a schema handle). */
    static boolean has(int k, int component) {
        return (COMPONENTS[k] & (1L << component)) != 0;
    }

    private static void ship(int kind, String name, int shipClass, float mass, float thrust, float vmax, float turnDeg,
            int energy, int shieldRegen, int energyRegen) {
        COMPONENTS[kind] = SHIP;
        NAME[kind] = name;
        SHIP_CLASS[kind] = shipClass;
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
