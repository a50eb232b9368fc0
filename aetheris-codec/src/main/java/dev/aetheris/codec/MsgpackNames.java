package dev.aetheris.codec;

import java.nio.charset.StandardCharsets;

/**
 * The variant names of upstream's enums as MessagePack carries them (rmp-serde writes an enum
 * variant by name), with their indices in decode order: one table for the encoder and the
 * decoder. Immutable; any thread.
 */
final class MsgpackNames {
    private MsgpackNames() {
    }

    // Variant names of WireEvent, in the order of the decode switch.
    static final int EV_PING = 0;
    static final int EV_PONG = 1;
    static final int EV_AUTH = 2;
    static final int EV_FRAGMENT = 3;
    static final int EV_STRESS_TEST = 4;
    static final int EV_SPAWN = 5;
    static final int EV_CLEAR_WORLD = 6;
    static final int EV_START_SESSION = 7;
    static final int EV_REQUEST_MANIFEST = 8;
    static final int EV_GAME_EVENT = 9;
    static final int EV_BATCH = 10;
    static final int EV_ENTITY_SPAWNED = 11;
    static final int EV_ENTITY_DESPAWNED = 12;
    static final int EV_JOIN_ROOM = 13;
    static final String[] EVENT_NAMES = {"Ping", "Pong", "Auth", "Fragment", "StressTest", "Spawn",
        "ClearWorld", "StartSession", "RequestSystemManifest", "GameEvent", "ReplicationBatch", "EntitySpawned",
        "EntityDespawned", "JoinRoom"};
    static final boolean[] EVENT_UNIT = {false, false, false, false, false, false, true, true, true,
        false, false, false, false, false};
    static final byte[][] EVENT_NAME_UTF8 = utf8(EVENT_NAMES);
    /** Each event name with its fixstr header, ready to copy. */
    static final byte[][] EVENT_NAME_STR = strConstants(EVENT_NAMES);

    static final int GE_ASTEROID_DEPLETED = 0;
    static final int GE_POSSESSION = 1;
    static final int GE_SYSTEM_MANIFEST = 2;
    static final int GE_DAMAGE = 3;
    static final int GE_DEATH = 4;
    static final int GE_RESPAWN = 5;
    static final int GE_CARGO_COLLECTED = 6;
    static final String[] GAME_NAMES = {"AsteroidDepleted", "Possession", "SystemManifest", "DamageEvent",
        "DeathEvent", "RespawnEvent", "CargoCollected"};
    static final boolean[] GAME_UNIT = new boolean[GAME_NAMES.length];
    static final byte[][] GAME_NAME_UTF8 = utf8(GAME_NAMES);
    static final byte[][] GAME_NAME_STR = strConstants(GAME_NAMES);

    static final String[] INPUT_NAMES = {"Move", "ToggleMining", "FirePrimary"};
    static final boolean[] INPUT_UNIT = {false, false, true};
    static final byte[][] INPUT_NAME_UTF8 = utf8(INPUT_NAMES);

    static byte[][] utf8(String[] names) {
        byte[][] out = new byte[names.length][];
        for (int i = 0; i < names.length; i++) {
            out[i] = names[i].getBytes(StandardCharsets.UTF_8);
        }
        return out;
    }

    static byte[][] strConstants(String[] names) {
        byte[][] out = new byte[names.length][];
        for (int i = 0; i < names.length; i++) {
            out[i] = MsgpackOut.strConstant(names[i]);
        }
        return out;
    }
}
