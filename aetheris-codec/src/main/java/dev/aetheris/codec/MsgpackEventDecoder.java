package dev.aetheris.codec;

import static dev.aetheris.codec.MsgpackNames.*;

import dev.aetheris.protocol.Sizes;
import dev.aetheris.protocol.component.InputCommand;
import dev.aetheris.protocol.component.InputCommandBuffer;
import dev.aetheris.protocol.error.CodecException;
import dev.aetheris.protocol.event.FragmentedEvent;
import dev.aetheris.protocol.event.GameEvent;
import dev.aetheris.protocol.event.ReplicationEvent;
import dev.aetheris.protocol.event.WireEvent;
import dev.aetheris.protocol.seam.BatchVisitor;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * The decoding half of {@link MsgpackCodec}: client messages (events, input payloads, batches
 * scanned in place), strictly, with typed errors. Any thread (batches are scanned with one reused
 * cursor per thread).
 */
final class MsgpackEventDecoder {
    private MsgpackEventDecoder() {
    }

    /** Longest reservation accepted (UTF-8 bytes); a real one is about 200. */
    private static final int MAX_RESERVATION_BYTES = 1024;

    static boolean visitBatch(byte[] in, int offset, int length, BatchVisitor visitor) throws CodecException {
        if (!MsgpackCodec.isReplicationBatch(in, offset, length)) {
            return false;
        }
        // One cursor per thread: every input packet of every client is a batch, so the tick scans
        // thousands a second. A visitor that scans another batch from its callback gets its own.
        MsgpackIn r = MsgpackIn.borrow(SCANNER, in, offset, length);
        try {
            r.readVariant(EVENT_NAME_UTF8, EVENT_NAMES, EVENT_UNIT, "WireEvent");
            int n = r.readArrayHeader("ReplicationBatch");
            for (int i = 0; i < n; i++) {
                r.readStruct(4, "ReplicationEvent");
                long nid = r.readUInt(64, "network_id");
                int kind = (int) r.readUInt(16, "component_kind");
                int len = r.skipBin("payload");
                int at = r.position() - len;
                visitor.record(nid, kind, in, at, len, r.readUInt(64, "tick"));
            }
            r.expectEnd();
            return true;
        } finally {
            r.release();
        }
    }

    private static final ThreadLocal<MsgpackIn> SCANNER = MsgpackIn.perThread();

    static WireEvent decodeEvent(byte[] in, int offset, int length) throws CodecException {
        MsgpackIn r = MsgpackIn.of(in, offset, length);
        int v = r.readVariant(EVENT_NAME_UTF8, EVENT_NAMES, EVENT_UNIT, "WireEvent");
        WireEvent event = switch (v) {
            case EV_PING -> {
                r.readStruct(1, "Ping");
                yield new WireEvent.Ping(r.readUInt(64, "tick"));
            }
            case EV_PONG -> {
                r.readStruct(1, "Pong");
                yield new WireEvent.Pong(r.readUInt(64, "tick"));
            }
            case EV_AUTH -> {
                r.readStruct(1, "Auth");
                yield new WireEvent.Auth(r.readStr(Integer.MAX_VALUE, "session_token"));
            }
            case EV_JOIN_ROOM -> {
                r.readStruct(1, "JoinRoom");
                yield new WireEvent.JoinRoom(r.readStr(MAX_RESERVATION_BYTES, "reservation"));
            }
            case EV_FRAGMENT -> {
                r.readStruct(4, "FragmentedEvent");
                long id = r.readUInt(32, "message_id");
                int index = (int) r.readUInt(16, "fragment_index");
                int total = (int) r.readUInt(16, "total_fragments");
                yield new WireEvent.Fragment(new FragmentedEvent(id, index, total, r.readBin("payload")));
            }
            case EV_STRESS_TEST -> {
                r.readStruct(2, "StressTest");
                int count = (int) r.readUInt(16, "count");
                yield new WireEvent.StressTest(count, r.readBool("rotate"));
            }
            case EV_SPAWN -> {
                r.readStruct(4, "Spawn");
                int type = (int) r.readUInt(16, "entity_type");
                float x = finite(r, "x");
                float y = finite(r, "y");
                float rot = finite(r, "rot");
                yield new WireEvent.Spawn(type, x, y, rot);
            }
            case EV_CLEAR_WORLD -> new WireEvent.ClearWorld();
            case EV_START_SESSION -> new WireEvent.StartSession();
            case EV_REQUEST_MANIFEST -> new WireEvent.RequestSystemManifest();
            case EV_GAME_EVENT -> new WireEvent.GameEvent(decodeGameEvent(r));
            case EV_BATCH -> {
                int n = r.readArrayHeader("ReplicationBatch");
                List<ReplicationEvent> events = new ArrayList<>(n);
                for (int i = 0; i < n; i++) {
                    r.readStruct(4, "ReplicationEvent");
                    long nid = r.readUInt(64, "network_id");
                    int kind = (int) r.readUInt(16, "component_kind");
                    byte[] payload = r.readBin("payload");
                    events.add(new ReplicationEvent(nid, kind, payload, r.readUInt(64, "tick")));
                }
                yield new WireEvent.ReplicationBatch(events);
            }
            case EV_ENTITY_SPAWNED -> {
                r.readStruct(2, "EntitySpawned");
                long nid = r.readUInt(64, "network_id");
                yield new WireEvent.EntitySpawned(nid, (int) r.readUInt(16, "kind"));
            }
            case EV_ENTITY_DESPAWNED -> {
                r.readStruct(1, "EntityDespawned");
                yield new WireEvent.EntityDespawned(r.readUInt(64, "network_id"));
            }
            default -> throw r.fail("unhandled variant " + v);
        };
        r.expectEnd();
        return event;
    }

    private static GameEvent decodeGameEvent(MsgpackIn r) throws CodecException {
        int v = r.readVariant(GAME_NAME_UTF8, GAME_NAMES, GAME_UNIT, "GameEvent");
        return switch (v) {
            case GE_ASTEROID_DEPLETED -> {
                r.readStruct(1, "AsteroidDepleted");
                yield new GameEvent.AsteroidDepleted(r.readUInt(64, "network_id"));
            }
            case GE_POSSESSION -> {
                r.readStruct(1, "Possession");
                yield new GameEvent.Possession(r.readUInt(64, "network_id"));
            }
            case GE_SYSTEM_MANIFEST -> {
                r.readStruct(1, "SystemManifest");
                int n = r.readMapHeader("manifest");
                TreeMap<String, String> map = new TreeMap<>();
                String previous = null;
                for (int i = 0; i < n; i++) {
                    int at = r.offset();
                    String key = r.readStr(Integer.MAX_VALUE, "manifest key");
                    if (previous != null && MsgpackCodec.compareCodePoints(previous, key) >= 0) {
                        throw r.failAt(at, "manifest keys must be unique and in ascending order");
                    }
                    previous = key;
                    map.put(key, r.readStr(Integer.MAX_VALUE, "manifest value"));
                }
                yield new GameEvent.SystemManifest(map);
            }
            case GE_DAMAGE -> {
                r.readStruct(3, "DamageEvent");
                long source = r.readUInt(64, "source");
                long target = r.readUInt(64, "target");
                yield new GameEvent.DamageEvent(source, target, (int) r.readUInt(16, "amount"));
            }
            case GE_DEATH -> {
                r.readStruct(1, "DeathEvent");
                yield new GameEvent.DeathEvent(r.readUInt(64, "target"));
            }
            case GE_RESPAWN -> {
                r.readStruct(3, "RespawnEvent");
                long target = r.readUInt(64, "target");
                float x = finite(r, "x");
                yield new GameEvent.RespawnEvent(target, x, finite(r, "y"));
            }
            case GE_CARGO_COLLECTED -> {
                r.readStruct(2, "CargoCollected");
                long nid = r.readUInt(64, "network_id");
                yield new GameEvent.CargoCollected(nid, (int) r.readUInt(16, "amount"));
            }
            default -> throw r.fail("unhandled game event variant " + v);
        };
    }

    /** Positions and axes from the network must be finite (upstream let NaN and ±Inf through). */
    private static float finite(MsgpackIn r, String what) throws CodecException {
        int at = r.offset();
        float f = r.readF32(what);
        if (!Float.isFinite(f)) {
            throw r.failAt(at, what + " must be finite, got " + f);
        }
        return f;
    }

    private static void readAction(MsgpackIn r, InputCommandBuffer into) throws CodecException {
        int v = r.readVariant(INPUT_NAME_UTF8, INPUT_NAMES, INPUT_UNIT, "PlayerInputKind");
        switch (v) {
            case 0 -> {
                r.readStruct(2, "Move");
                float x = finite(r, "x");
                into.addMove(x, finite(r, "y"));
            }
            case 1 -> {
                r.readStruct(1, "ToggleMining");
                into.addToggleMining(r.readUInt(64, "target"));
            }
            default -> into.addFirePrimary();
        }
    }

    static void decodeInput(byte[] in, int offset, int length, InputCommandBuffer into) throws CodecException {
        // One cursor per thread, apart from the batch scanner's: the tick decodes each input from
        // inside a batch scan.
        MsgpackIn r = MsgpackIn.borrow(INPUT_CURSOR, in, offset, length);
        try {
            r.readStruct(4, "InputCommand");
            into.reset(r.readUInt(64, "tick"));
            int at = r.offset();
            int n = r.readArrayHeader("actions");
            if (n > Sizes.MAX_INPUT_ACTIONS) {
                throw r.failAt(at, "actions has " + n + " elements, over the limit of " + Sizes.MAX_INPUT_ACTIONS);
            }
            for (int i = 0; i < n; i++) {
                readAction(r, into);
            }
            into.setActionsMask(r.readUInt(32, "actions_mask"));
            into.setLastSeenInputTick(r.tryNil() ? InputCommand.NO_TICK : r.readUInt(64, "last_seen_input_tick"));
            r.expectEnd();
        } finally {
            r.release();
        }
    }

    private static final ThreadLocal<MsgpackIn> INPUT_CURSOR = MsgpackIn.perThread();
}
