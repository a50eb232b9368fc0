package dev.aetheris.protocol.component;

import dev.aetheris.protocol.Sizes;
import dev.aetheris.protocol.component.WireType.Bool;
import dev.aetheris.protocol.component.WireType.Enum;
import dev.aetheris.protocol.component.WireType.F32;
import dev.aetheris.protocol.component.WireType.Field;
import dev.aetheris.protocol.component.WireType.Newtype;
import dev.aetheris.protocol.component.WireType.Opt;
import dev.aetheris.protocol.component.WireType.Seq;
import dev.aetheris.protocol.component.WireType.Str;
import dev.aetheris.protocol.component.WireType.Struct;
import dev.aetheris.protocol.component.WireType.UInt;
import dev.aetheris.protocol.component.WireType.Variant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Every component the playground replicates, plus the inbound {@code InputCommand}: kind numbers
 * and layouts from upstream aetheris-protocol v0.2.22. To add a component, declare its schema here
 * and list it in {@link #ALL}; the codec and tools pick it up from there.
 */
public final class Components {
    private static final UInt U8 = new UInt(8);
    private static final UInt U16 = new UInt(16);
    private static final UInt U32 = new UInt(32);
    private static final UInt U64 = new UInt(64);
    private static final F32 F = new F32();
    private static final Bool BOOL = new Bool();

    /** Kind 1: position, rotation (radians) and entity kind. */
    public static final ComponentSchema TRANSFORM = struct(1, "transform", "Transform",
            f("x", F), f("y", F), f("z", F), f("rotation", F), f("entity_type", U16));
    /** Kind 2: velocity in units per second. */
    public static final ComponentSchema VELOCITY = struct(2, "velocity", "Velocity",
            f("dx", F), f("dy", F), f("dz", F));
    /** Kind 3: hull, shield and energy with their maxima and regeneration rates. */
    public static final ComponentSchema SHIP_STATS = struct(3, "ship_stats", "ShipStats",
            f("hp", U16), f("max_hp", U16), f("shield", U16), f("max_shield", U16), f("energy", U16),
            f("max_energy", U16), f("shield_regen_per_s", U16), f("energy_regen_per_s", U16));
    /** Variant indices of {@link #SHIP_CLASS}. */
    public static final int SHIP_CLASS_INTERCEPTOR = 0;
    /** @see #SHIP_CLASS_INTERCEPTOR */
    public static final int SHIP_CLASS_DREADNOUGHT = 1;
    /** @see #SHIP_CLASS_INTERCEPTOR */
    public static final int SHIP_CLASS_HAULER = 2;
    /** Kind 5: the hull class, a unit enum written as its name. */
    public static final ComponentSchema SHIP_CLASS = new ComponentSchema(5, "ship_class", "ShipClass",
            new Enum(List.of(Variant.unit("Interceptor"), Variant.unit("Dreadnought"), Variant.unit("Hauler"))));
    /** Kind 6: the pilot's display name. */
    public static final ComponentSchema PLAYER_NAME = struct(6, "player_name", "PlayerName",
            f("name", new Str(Sizes.MAX_NAME_BYTES)));
    /** Kind 8: an asteroid's hit points. */
    public static final ComponentSchema ASTEROID_HP = struct(8, "asteroid_hp", "AsteroidHP",
            f("hp", U16), f("max_hp", U16));
    /** Variant indices of the projectile type inside {@link #PROJECTILE_MARKER}. */
    public static final int PROJECTILE_PULSE_LASER = 0;
    /** @see #PROJECTILE_PULSE_LASER */
    public static final int PROJECTILE_SEEKER_MISSILE = 1;
    /** Kind 13: marks a projectile, with its type and the tick it was fired. */
    public static final ComponentSchema PROJECTILE_MARKER = struct(13, "projectile_marker", "ProjectileMarker",
            f("projectile_type", new Enum(List.of(Variant.unit("PulseLaser"), Variant.unit("SeekerMissile")))),
            f("origin_tick", U64));
    /** Variant indices of {@code PlayerInputKind}. */
    public static final int INPUT_MOVE = 0;
    /** @see #INPUT_MOVE */
    public static final int INPUT_TOGGLE_MINING = 1;
    /** @see #INPUT_MOVE */
    public static final int INPUT_FIRE_PRIMARY = 2;
    /** Kind 128: a client's input (inbound only). */
    public static final ComponentSchema INPUT_COMMAND = struct(128, "input_command", "InputCommand",
            f("tick", U64),
            f("actions", new Seq(new Enum(List.of(
                    Variant.struct("Move", f("x", F), f("y", F)),
                    Variant.struct("ToggleMining", f("target", U64)),
                    Variant.unit("FirePrimary"))), Sizes.MAX_INPUT_ACTIONS)),
            f("actions_mask", U32),
            f("last_seen_input_tick", new Opt(U64)));
    /** Variant indices of the room access policy inside {@link #ROOM_DEFINITION}. */
    public static final int ROOM_ACCESS_OPEN = 0;
    /** @see #ROOM_ACCESS_OPEN */
    public static final int ROOM_ACCESS_INVITE_ONLY = 1;
    /** @see #ROOM_ACCESS_OPEN */
    public static final int ROOM_ACCESS_LOCKED = 2;
    /** @see #ROOM_ACCESS_OPEN */
    public static final int ROOM_ACCESS_PERMISSION = 3;
    /** Kind 129: a room's name, capacity and access policy. */
    public static final ComponentSchema ROOM_DEFINITION = struct(129, "room_definition", "RoomDefinition",
            f("name", new Str(Sizes.MAX_NAME_BYTES)),
            f("capacity", U32),
            f("access", new Enum(List.of(Variant.unit("Open"), Variant.unit("InviteOnly"), Variant.unit("Locked"),
                    Variant.newtype("Permission", new Str(Sizes.MAX_NAME_BYTES))))),
            f("is_template", BOOL));
    /** Kind 130: a room's rectangle. */
    public static final ComponentSchema ROOM_BOUNDS = struct(130, "room_bounds", "RoomBounds",
            f("min_x", F), f("min_y", F), f("max_x", F), f("max_y", F));
    /** Kind 131: the room an entity belongs to (transparent network id). */
    public static final ComponentSchema ROOM_MEMBERSHIP = new ComponentSchema(131, "room_membership",
            "RoomMembership", new Newtype(U64));
    /** Kind 1024: mining beam state. */
    public static final ComponentSchema MINING_BEAM = struct(1024, "mining_beam", "MiningBeam",
            f("active", BOOL), f("target", new Opt(U64)), f("mining_range", F), f("base_mining_rate", U16));
    /** Kind 1025: ore carried and capacity. */
    public static final ComponentSchema CARGO_HOLD = struct(1025, "cargo_hold", "CargoHold",
            f("ore_count", U16), f("capacity", U16));
    /** Kind 1026: an asteroid's ore. */
    public static final ComponentSchema ASTEROID = struct(1026, "asteroid", "Asteroid",
            f("ore_remaining", U16), f("total_capacity", U16));
    /** Kind 1027: weapon cooldown state. */
    public static final ComponentSchema WEAPON = struct(1027, "weapon", "Weapon",
            f("cooldown_ticks", U16), f("last_fired_tick", U64));
    /** Kind 1028: shield points. */
    public static final ComponentSchema SHIELD_POOL = struct(1028, "shield_pool", "ShieldPool",
            f("current", U16), f("max", U16));
    /** Kind 1029: hull points. */
    public static final ComponentSchema HULL_POOL = struct(1029, "hull_pool", "HullPool",
            f("current", U16), f("max", U16));
    /** Kind 1030: ore lying in space. */
    public static final ComponentSchema CARGO_DROP = struct(1030, "cargo_drop", "CargoDrop",
            f("quantity", U16));

    /** Every schema, in kind order. */
    public static final List<ComponentSchema> ALL = List.of(TRANSFORM, VELOCITY, SHIP_STATS, SHIP_CLASS,
            PLAYER_NAME, ASTEROID_HP, PROJECTILE_MARKER, INPUT_COMMAND, ROOM_DEFINITION, ROOM_BOUNDS,
            ROOM_MEMBERSHIP, MINING_BEAM, CARGO_HOLD, ASTEROID, WEAPON, SHIELD_POOL, HULL_POOL, CARGO_DROP);

    private static final ComponentSchema[] BY_KIND = new ComponentSchema[0x10000];
    private static final Map<String, ComponentSchema> BY_NAME = new HashMap<>();

    static {
        for (ComponentSchema s : ALL) {
            if (BY_KIND[s.kind()] != null || BY_NAME.put(s.name(), s) != null) {
                throw new ExceptionInInitializerError("duplicate component " + s.kind() + "/" + s.name());
            }
            BY_KIND[s.kind()] = s;
        }
    }

    private Components() {
    }

    /** The schema for {@code kind}, or {@code null} if none is registered (allocation-free lookup). */
    public static ComponentSchema byKind(int kind) {
        return (kind < 0 || kind >= BY_KIND.length) ? null : BY_KIND[kind];
    }

    /** The schema with snake_case {@code name}. */
    public static Optional<ComponentSchema> byName(String name) {
        return Optional.ofNullable(BY_NAME.get(name));
    }

    private static ComponentSchema struct(int kind, String name, String typeName, Field... fields) {
        return new ComponentSchema(kind, name, typeName, new Struct(List.of(fields)));
    }

    private static Field f(String name, WireType type) {
        return new Field(name, type);
    }
}
