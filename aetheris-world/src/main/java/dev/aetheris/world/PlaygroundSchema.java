package dev.aetheris.world;

import dev.aetheris.protocol.component.ComponentSchema;
import dev.aetheris.protocol.component.Components;
import dev.aetheris.replication.ReplicationSchema;
import dev.aetheris.replication.Visibility;

/**
 * What the playground replicates: its components in the order they are sent, with ranges for the
 * fields the compact codec will quantize, and the field handles the systems write. Handles are
 * resolved once here so no system looks anything up by name.
 *
 * <p>Owner-only: the cargo hold and the weapon's cooldown (private state others need not see).
 * Position bounds are the largest world {@link WorldConfig} accepts.
 *
 * <p>Immutable; shared by every playground world.
 */
public final class PlaygroundSchema {
    /** The declared schema. */
    public static final ReplicationSchema SCHEMA = build();

    static final int TRANSFORM = c(Components.TRANSFORM);
    static final int VELOCITY = c(Components.VELOCITY);
    static final int SHIP_STATS = c(Components.SHIP_STATS);
    static final int SHIP_CLASS = c(Components.SHIP_CLASS);
    static final int PLAYER_NAME = c(Components.PLAYER_NAME);
    static final int ASTEROID_HP = c(Components.ASTEROID_HP);
    static final int PROJECTILE = c(Components.PROJECTILE_MARKER);
    static final int MEMBERSHIP = c(Components.ROOM_MEMBERSHIP);
    static final int MINING = c(Components.MINING_BEAM);
    static final int CARGO_HOLD = c(Components.CARGO_HOLD);
    static final int ASTEROID = c(Components.ASTEROID);
    static final int WEAPON = c(Components.WEAPON);
    static final int SHIELD = c(Components.SHIELD_POOL);
    static final int HULL = c(Components.HULL_POOL);
    static final int CARGO_DROP = c(Components.CARGO_DROP);
    static final int ROOM_DEF = c(Components.ROOM_DEFINITION);
    static final int ROOM_BOUNDS = c(Components.ROOM_BOUNDS);

    static final int X = f(Components.TRANSFORM, "x");
    static final int Y = f(Components.TRANSFORM, "y");
    static final int ROT = f(Components.TRANSFORM, "rotation");
    static final int ENTITY_TYPE = f(Components.TRANSFORM, "entity_type");
    static final int VX = f(Components.VELOCITY, "dx");
    static final int VY = f(Components.VELOCITY, "dy");
    static final int STATS_HP = f(Components.SHIP_STATS, "hp");
    static final int STATS_MAX_HP = f(Components.SHIP_STATS, "max_hp");
    static final int STATS_SHIELD = f(Components.SHIP_STATS, "shield");
    static final int STATS_MAX_SHIELD = f(Components.SHIP_STATS, "max_shield");
    static final int STATS_ENERGY = f(Components.SHIP_STATS, "energy");
    static final int STATS_MAX_ENERGY = f(Components.SHIP_STATS, "max_energy");
    static final int STATS_SHIELD_REGEN = f(Components.SHIP_STATS, "shield_regen_per_s");
    static final int STATS_ENERGY_REGEN = f(Components.SHIP_STATS, "energy_regen_per_s");
    static final int CLASS = f(Components.SHIP_CLASS, "value");
    static final int NAME = f(Components.PLAYER_NAME, "name");
    static final int AHP = f(Components.ASTEROID_HP, "hp");
    static final int AHP_MAX = f(Components.ASTEROID_HP, "max_hp");
    static final int PROJECTILE_TYPE = f(Components.PROJECTILE_MARKER, "projectile_type");
    static final int ORIGIN_TICK = f(Components.PROJECTILE_MARKER, "origin_tick");
    static final int ROOM = f(Components.ROOM_MEMBERSHIP, "value");
    static final int BEAM_ON = f(Components.MINING_BEAM, "active");
    static final int BEAM_TARGET = f(Components.MINING_BEAM, "target");
    static final int BEAM_RANGE = f(Components.MINING_BEAM, "mining_range");
    static final int BEAM_RATE = f(Components.MINING_BEAM, "base_mining_rate");
    static final int CARGO = f(Components.CARGO_HOLD, "ore_count");
    static final int CARGO_CAPACITY = f(Components.CARGO_HOLD, "capacity");
    static final int ORE = f(Components.ASTEROID, "ore_remaining");
    static final int ORE_MAX = f(Components.ASTEROID, "total_capacity");
    static final int COOLDOWN = f(Components.WEAPON, "cooldown_ticks");
    static final int LAST_FIRED = f(Components.WEAPON, "last_fired_tick");
    static final int SHIELD_NOW = f(Components.SHIELD_POOL, "current");
    static final int SHIELD_MAX = f(Components.SHIELD_POOL, "max");
    static final int HULL_NOW = f(Components.HULL_POOL, "current");
    static final int HULL_MAX = f(Components.HULL_POOL, "max");
    static final int DROP_QUANTITY = f(Components.CARGO_DROP, "quantity");
    static final int ROOM_NAME = f(Components.ROOM_DEFINITION, "name");
    static final int ROOM_ACCESS = f(Components.ROOM_DEFINITION, "access");
    static final int MIN_X = f(Components.ROOM_BOUNDS, "min_x");
    static final int MIN_Y = f(Components.ROOM_BOUNDS, "min_y");
    static final int MAX_X = f(Components.ROOM_BOUNDS, "max_x");
    static final int MAX_Y = f(Components.ROOM_BOUNDS, "max_y");

    /** Components of the room entity. */
    static final long ROOM_MASK = SCHEMA.mask(ROOM_DEF, ROOM_BOUNDS, MEMBERSHIP);

    private PlaygroundSchema() {
    }

    private static ReplicationSchema build() {
        double edge = WorldConfig.MAX_WORLD_SIZE / 2.0;
        double pi = StrictMath.PI;
        return ReplicationSchema.builder()
                .component(Components.TRANSFORM, Visibility.EVERYONE)
                .range("x", -edge, edge, 0.01).range("y", -edge, edge, 0.01).range("rotation", -pi, pi, pi / 2048)
                .component(Components.VELOCITY, Visibility.EVERYONE)
                .range("dx", -1000, 1000, 0.01).range("dy", -1000, 1000, 0.01)
                .component(Components.SHIP_STATS, Visibility.EVERYONE)
                .component(Components.SHIP_CLASS, Visibility.EVERYONE)
                .component(Components.PLAYER_NAME, Visibility.EVERYONE)
                .component(Components.ASTEROID_HP, Visibility.EVERYONE)
                .component(Components.PROJECTILE_MARKER, Visibility.EVERYONE)
                .component(Components.ROOM_MEMBERSHIP, Visibility.EVERYONE)
                .component(Components.MINING_BEAM, Visibility.EVERYONE)
                .component(Components.CARGO_HOLD, Visibility.OWNER)
                .component(Components.ASTEROID, Visibility.EVERYONE)
                .component(Components.WEAPON, Visibility.OWNER)
                .component(Components.SHIELD_POOL, Visibility.EVERYONE)
                .component(Components.HULL_POOL, Visibility.EVERYONE)
                .component(Components.CARGO_DROP, Visibility.EVERYONE)
                .component(Components.ROOM_DEFINITION, Visibility.EVERYONE)
                .component(Components.ROOM_BOUNDS, Visibility.EVERYONE)
                .position(Components.TRANSFORM, "x", "y")
                .build();
    }

    private static int c(ComponentSchema wire) {
        return SCHEMA.component(wire);
    }

    private static int f(ComponentSchema wire, String field) {
        return SCHEMA.field(wire, field);
    }
}
