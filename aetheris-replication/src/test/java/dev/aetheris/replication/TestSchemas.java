package dev.aetheris.replication;

import dev.aetheris.protocol.component.Components;

/** The schema the store tests use: a position component, a stats component, owner-only cargo, names. */
final class TestSchemas {
    static final ReplicationSchema SHIPS = ReplicationSchema.builder()
            .component(Components.TRANSFORM, Visibility.EVERYONE)
            .range("x", -2048, 2048, 0.01)
            .range("y", -2048, 2048, 0.01)
            .range("rotation", -Math.PI, Math.PI, Math.PI / 2048)
            .component(Components.VELOCITY, Visibility.EVERYONE)
            .component(Components.HULL_POOL, Visibility.EVERYONE)
            .range("current", 0, 1500, 1)
            .component(Components.CARGO_HOLD, Visibility.OWNER)
            .component(Components.SHIP_CLASS, Visibility.EVERYONE)
            .component(Components.PLAYER_NAME, Visibility.EVERYONE)
            .component(Components.MINING_BEAM, Visibility.EVERYONE)
            .component(Components.ROOM_MEMBERSHIP, Visibility.EVERYONE)
            .position(Components.TRANSFORM, "x", "y")
            .build();

    static final int TRANSFORM = SHIPS.component(Components.TRANSFORM);
    static final int VELOCITY = SHIPS.component(Components.VELOCITY);
    static final int HULL = SHIPS.component(Components.HULL_POOL);
    static final int CARGO = SHIPS.component(Components.CARGO_HOLD);
    static final int CLASS = SHIPS.component(Components.SHIP_CLASS);
    static final int NAME = SHIPS.component(Components.PLAYER_NAME);
    static final int X = SHIPS.field(Components.TRANSFORM, "x");
    static final int Y = SHIPS.field(Components.TRANSFORM, "y");
    static final int ROT = SHIPS.field(Components.TRANSFORM, "rotation");
    static final int DX = SHIPS.field(Components.VELOCITY, "dx");
    static final int HULL_NOW = SHIPS.field(Components.HULL_POOL, "current");
    static final int ORE = SHIPS.field(Components.CARGO_HOLD, "ore_count");
    static final int CLASS_VALUE = SHIPS.field(Components.SHIP_CLASS, "value");
    static final int PILOT = SHIPS.field(Components.PLAYER_NAME, "name");
    static final int BEAM_ON = SHIPS.field(Components.MINING_BEAM, "active");
    static final int BEAM_TARGET = SHIPS.field(Components.MINING_BEAM, "target");
    static final long SHIP = SHIPS.mask(TRANSFORM, VELOCITY, HULL, CARGO, CLASS, NAME);

    private TestSchemas() {
    }
}
