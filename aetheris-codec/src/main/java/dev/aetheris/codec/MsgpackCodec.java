package dev.aetheris.codec;

import static dev.aetheris.codec.MsgpackNames.*;

import dev.aetheris.protocol.Sizes;
import dev.aetheris.protocol.component.ComponentSchema;
import dev.aetheris.protocol.component.ComponentWriter;
import dev.aetheris.protocol.component.InputCommand;
import dev.aetheris.protocol.component.InputCommandBuffer;
import dev.aetheris.protocol.error.CodecError;
import dev.aetheris.protocol.error.CodecException;
import dev.aetheris.protocol.event.ComponentUpdate;
import dev.aetheris.protocol.event.FragmentedEvent;
import dev.aetheris.protocol.event.GameEvent;
import dev.aetheris.protocol.event.ReplicationEvent;
import dev.aetheris.protocol.event.WireEvent;
import dev.aetheris.protocol.seam.BatchVisitor;
import dev.aetheris.protocol.seam.Codec;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Codec id 1: MessagePack exactly as rmp-serde's {@code to_vec} writes upstream aetheris-protocol
 * v0.2.22 types (plus {@code EntitySpawned}/{@code EntityDespawned} of v0.2.23), so clients built
 * for the original server can talk to this one.
 *
 * <p><b>Frames.</b> Event frames are one MessagePack value: a unit variant as its bare name
 * ({@code ac "StartSession"}), any other variant as a 1-entry map name → body, struct bodies as
 * arrays. Replication frames are {@code 93 <network_id> <component_kind> <tick>} followed by the
 * raw component payload.
 *
 * <p><b>Encoding</b> writes into the caller's buffer and allocates nothing on success. When the
 * frame does not fit, nothing useful is left in the buffer and a
 * {@link CodecError.BufferOverflow} reports the exact size needed.
 *
 * <p><b>Decoding is strict</b>: it accepts what {@code to_vec} produces, plus integers in any
 * width whose value fits and {@code f32} fields given as {@code f64} or integer. It rejects
 * unknown or wrongly-cased variant names, integer variant indices, map-form struct bodies,
 * map-wrapped unit variants, wrong arity, wrong types, out-of-range integers, over-long strings,
 * non-canonical container/string/bin headers, trailing bytes and empty input, each with a
 * {@link CodecError.MalformedPayload} naming the byte offset. Nothing else is ever thrown.
 *
 * <p>Stateless methods are thread-safe; {@link #componentWriter} reuses one writer per instance.
 */
public final class MsgpackCodec implements Codec {
    /** Upstream's codec id for MessagePack. */
    public static final int CODEC_ID = 1;
    /** Largest frame sent unfragmented ({@link Sizes#MAX_SAFE_PAYLOAD_SIZE}). */
    public static final int MAX_ENCODED_SIZE = Sizes.MAX_SAFE_PAYLOAD_SIZE;
    /**
     * Largest {@code Fragment} envelope around a payload of up to 65,535 bytes: {@code 81},
     * {@code a8 "Fragment"}, {@code 94}, message id (≤ 5), index (≤ 3), total (≤ 3), bin header
     * (≤ 3) — 25 bytes, well inside {@link Sizes#FRAGMENT_OVERHEAD}.
     */
    public static final int MAX_FRAGMENT_ENVELOPE = 25;

    /** {@code 81 b0 "ReplicationBatch"}: the fixed part of a batch header. */
    private static final byte[] BATCH_PREFIX;

    static {
        byte[] name = MsgpackOut.strConstant("ReplicationBatch");
        BATCH_PREFIX = new byte[1 + name.length];
        BATCH_PREFIX[0] = (byte) 0x81;
        System.arraycopy(name, 0, BATCH_PREFIX, 1, name.length);
    }

    private final MsgpackComponentWriter writer = new MsgpackComponentWriter();

    /**
     * Replication frames always start with {@code 93} (the three-field header array); nothing else
     * can, since event frames are a one-entry map ({@code 81}) or a variant-name string.
     */
    @Override
    public FrameKind classify(byte[] in, int offset, int length) {
        return length > 0 && in[offset] == (byte) 0x93 ? FrameKind.REPLICATION : FrameKind.EVENT;
    }

    @Override
    public int codecId() {
        return CODEC_ID;
    }

    @Override
    public int maxEncodedSize() {
        return MAX_ENCODED_SIZE;
    }

    // ---------------------------------------------------------------- replication frames

    @Override
    public int encode(ReplicationEvent event, byte[] out, int offset) throws CodecException {
        checkOut(out, offset);
        int kind = checkU16(event.componentKind(), "component_kind");
        byte[] payload = event.payload();
        if (payload == null) {
            throw invalid("null payload");
        }
        int limit = out.length;
        int p = MsgpackOut.writeByte(out, offset, limit, 0x93);
        p = MsgpackOut.writeUInt(out, p, limit, event.networkId());
        p = MsgpackOut.writeUInt(out, p, limit, kind);
        p = MsgpackOut.writeUInt(out, p, limit, event.tick());
        p = MsgpackOut.writeRaw(out, p, limit, payload);
        return finish(p, offset, limit);
    }

    /**
     * Decodes a replication frame. The payload is every byte after the header (it is raw bytes,
     * validated later against its component's schema); it may be empty, as upstream allows.
     */
    @Override
    public ComponentUpdate decode(byte[] in, int offset, int length) throws CodecException {
        MsgpackIn r = MsgpackIn.of(in, offset, length);
        r.readStruct(3, "replication header");
        long nid = r.readUInt(64, "network_id");
        int kind = (int) r.readUInt(16, "component_kind");
        long tick = r.readUInt(64, "tick");
        return new ComponentUpdate(nid, kind, tick, r.rest());
    }

    // ---------------------------------------------------------------- batches

    @Override
    public int encodeBatchRecord(long networkId, int componentKind, byte[] payload, int payloadOffset,
                                 int payloadLength, long tick, byte[] out, int offset) throws CodecException {
        checkOut(out, offset);
        int kind = checkU16(componentKind, "component_kind");
        if (payload == null || payloadOffset < 0 || payloadLength < 0
                || payloadOffset > payload.length - payloadLength) {
            throw new CodecException(new CodecError.InvalidValue("payload slice out of bounds"));
        }
        int limit = out.length;
        int p = MsgpackOut.writeByte(out, offset, limit, 0x94);
        p = MsgpackOut.writeUInt(out, p, limit, networkId);
        p = MsgpackOut.writeUInt(out, p, limit, kind);
        p = MsgpackOut.writeBinHeader(out, p, limit, payloadLength);
        p = MsgpackOut.writeRaw(out, p, limit, payload, payloadOffset, payloadLength);
        p = MsgpackOut.writeUInt(out, p, limit, tick);
        return finish(p, offset, limit);
    }

    @Override
    public int batchHeaderSize(int count) {
        return BATCH_PREFIX.length + MsgpackOut.arrayHeaderSize(count);
    }

    @Override
    public int writeBatchHeader(int count, byte[] out, int offset) throws CodecException {
        checkOut(out, offset);
        if (count < 0) {
            throw new CodecException(new CodecError.InvalidValue("negative batch count " + count));
        }
        int p = writeBatchHeader(count, out, offset, out.length);
        return finish(p, offset, out.length);
    }

    private static int writeBatchHeader(int count, byte[] out, int p, int limit) {
        p = MsgpackOut.writeRaw(out, p, limit, BATCH_PREFIX);
        return MsgpackOut.writeArrayHeader(out, p, limit, count);
    }

    // ---------------------------------------------------------------- fragments

    /**
     * Exact size of the {@code Fragment} event frame around {@code payloadLength} bytes (§1.4 of
     * the protocol notes): the envelope is at most {@link #MAX_FRAGMENT_ENVELOPE} bytes.
     */
    public static int fragmentFrameSize(long messageId, int fragmentIndex, int totalFragments, int payloadLength) {
        return 1 + EVENT_NAME_STR[EV_FRAGMENT].length + 1 + MsgpackOut.uintSize(messageId)
                + MsgpackOut.uintSize(fragmentIndex) + MsgpackOut.uintSize(totalFragments)
                + MsgpackOut.binHeaderSize(payloadLength) + payloadLength;
    }

    // ---------------------------------------------------------------- events

    @Override
    public int encodeEvent(WireEvent event, byte[] out, int offset) throws CodecException {
        checkOut(out, offset);
        if (event == null) {
            throw new CodecException(new CodecError.InvalidValue("null event"));
        }
        int limit = out.length;
        int p = offset;
        switch (event) {
            case WireEvent.Ping e -> {
                p = structVariant(out, p, limit, EV_PING, 1);
                p = MsgpackOut.writeUInt(out, p, limit, e.tick());
            }
            case WireEvent.Pong e -> {
                p = structVariant(out, p, limit, EV_PONG, 1);
                p = MsgpackOut.writeUInt(out, p, limit, e.tick());
            }
            case WireEvent.Auth e -> {
                p = structVariant(out, p, limit, EV_AUTH, 1);
                p = writeString(out, p, limit, e.sessionToken(), "session_token");
            }
            case WireEvent.JoinRoom e -> {
                p = structVariant(out, p, limit, EV_JOIN_ROOM, 1);
                p = writeString(out, p, limit, e.reservation(), "reservation");
            }
            case WireEvent.Fragment e -> {
                FragmentedEvent f = e.fragment();
                if (f == null || f.payload() == null) {
                    throw invalid("null fragment payload");
                }
                if (f.messageId() < 0 || f.messageId() > 0xffff_ffffL) {
                    throw invalid("message_id " + f.messageId() + " does not fit u32");
                }
                int index = checkU16(f.fragmentIndex(), "fragment_index");
                int total = checkU16(f.totalFragments(), "total_fragments");
                // Newtype variant around a 4-field struct: 81 "Fragment" 94 ...
                p = structVariant(out, p, limit, EV_FRAGMENT, 4);
                p = MsgpackOut.writeUInt(out, p, limit, f.messageId());
                p = MsgpackOut.writeUInt(out, p, limit, index);
                p = MsgpackOut.writeUInt(out, p, limit, total);
                p = MsgpackOut.writeBinHeader(out, p, limit, f.payload().length);
                p = MsgpackOut.writeRaw(out, p, limit, f.payload());
            }
            case WireEvent.StressTest e -> {
                int count = checkU16(e.count(), "count");
                p = structVariant(out, p, limit, EV_STRESS_TEST, 2);
                p = MsgpackOut.writeUInt(out, p, limit, count);
                p = MsgpackOut.writeBool(out, p, limit, e.rotate());
            }
            case WireEvent.Spawn e -> {
                int type = checkU16(e.entityType(), "entity_type");
                p = structVariant(out, p, limit, EV_SPAWN, 4);
                p = MsgpackOut.writeUInt(out, p, limit, type);
                p = MsgpackOut.writeF32(out, p, limit, e.x());
                p = MsgpackOut.writeF32(out, p, limit, e.y());
                p = MsgpackOut.writeF32(out, p, limit, e.rot());
            }
            case WireEvent.ClearWorld e -> p = MsgpackOut.writeRaw(out, p, limit, EVENT_NAME_STR[EV_CLEAR_WORLD]);
            case WireEvent.StartSession e -> p = MsgpackOut.writeRaw(out, p, limit, EVENT_NAME_STR[EV_START_SESSION]);
            case WireEvent.RequestSystemManifest e ->
                    p = MsgpackOut.writeRaw(out, p, limit, EVENT_NAME_STR[EV_REQUEST_MANIFEST]);
            case WireEvent.GameEvent e -> {
                p = MsgpackOut.writeMapHeader(out, p, limit, 1);
                p = MsgpackOut.writeRaw(out, p, limit, EVENT_NAME_STR[EV_GAME_EVENT]);
                p = encodeGameEvent(e.event(), out, p, limit);
            }
            case WireEvent.ReplicationBatch e -> {
                List<ReplicationEvent> events = e.events();
                int n = events.size();
                p = writeBatchHeader(n, out, p, limit);
                for (int i = 0; i < n; i++) {
                    ReplicationEvent r = events.get(i);
                    if (r.payload() == null) {
                        throw invalid("null payload in batch record " + i);
                    }
                    int kind = checkU16(r.componentKind(), "component_kind");
                    p = MsgpackOut.writeByte(out, p, limit, 0x94);
                    p = MsgpackOut.writeUInt(out, p, limit, r.networkId());
                    p = MsgpackOut.writeUInt(out, p, limit, kind);
                    p = MsgpackOut.writeBinHeader(out, p, limit, r.payload().length);
                    p = MsgpackOut.writeRaw(out, p, limit, r.payload());
                    p = MsgpackOut.writeUInt(out, p, limit, r.tick());
                }
            }
            case WireEvent.EntitySpawned e -> p = entitySpawned(out, p, limit, e.networkId(), e.kind());
            case WireEvent.EntityDespawned e -> p = entityDespawned(out, p, limit, e.networkId());
        }
        return finish(p, offset, limit);
    }

    @Override
    public int encodeEntitySpawned(long networkId, int kind, byte[] out, int offset) throws CodecException {
        checkOut(out, offset);
        return finish(entitySpawned(out, offset, out.length, networkId, kind), offset, out.length);
    }

    @Override
    public int encodeEntityDespawned(long networkId, byte[] out, int offset) throws CodecException {
        checkOut(out, offset);
        return finish(entityDespawned(out, offset, out.length, networkId), offset, out.length);
    }

    private static int entitySpawned(byte[] out, int p, int limit, long networkId, int kind) throws CodecException {
        int k = checkU16(kind, "kind");
        p = structVariant(out, p, limit, EV_ENTITY_SPAWNED, 2);
        p = MsgpackOut.writeUInt(out, p, limit, networkId);
        return MsgpackOut.writeUInt(out, p, limit, k);
    }

    private static int entityDespawned(byte[] out, int p, int limit, long networkId) {
        p = structVariant(out, p, limit, EV_ENTITY_DESPAWNED, 1);
        return MsgpackOut.writeUInt(out, p, limit, networkId);
    }

    private static int encodeGameEvent(GameEvent event, byte[] out, int p, int limit) throws CodecException {
        if (event == null) {
            throw invalid("null game event");
        }
        switch (event) {
            case GameEvent.AsteroidDepleted g -> {
                p = gameVariant(out, p, limit, GE_ASTEROID_DEPLETED, 1);
                p = MsgpackOut.writeUInt(out, p, limit, g.networkId());
            }
            case GameEvent.Possession g -> {
                p = gameVariant(out, p, limit, GE_POSSESSION, 1);
                p = MsgpackOut.writeUInt(out, p, limit, g.networkId());
            }
            case GameEvent.SystemManifest g -> {
                p = gameVariant(out, p, limit, GE_SYSTEM_MANIFEST, 1);
                p = writeManifest(g.manifest(), out, p, limit);
            }
            case GameEvent.DamageEvent g -> {
                int amount = checkU16(g.amount(), "amount");
                p = gameVariant(out, p, limit, GE_DAMAGE, 3);
                p = MsgpackOut.writeUInt(out, p, limit, g.source());
                p = MsgpackOut.writeUInt(out, p, limit, g.target());
                p = MsgpackOut.writeUInt(out, p, limit, amount);
            }
            case GameEvent.DeathEvent g -> {
                p = gameVariant(out, p, limit, GE_DEATH, 1);
                p = MsgpackOut.writeUInt(out, p, limit, g.target());
            }
            case GameEvent.RespawnEvent g -> {
                p = gameVariant(out, p, limit, GE_RESPAWN, 3);
                p = MsgpackOut.writeUInt(out, p, limit, g.target());
                p = MsgpackOut.writeF32(out, p, limit, g.x());
                p = MsgpackOut.writeF32(out, p, limit, g.y());
            }
            case GameEvent.CargoCollected g -> {
                int amount = checkU16(g.amount(), "amount");
                p = gameVariant(out, p, limit, GE_CARGO_COLLECTED, 2);
                p = MsgpackOut.writeUInt(out, p, limit, g.networkId());
                p = MsgpackOut.writeUInt(out, p, limit, amount);
            }
        }
        return p;
    }

    /**
     * A {@code BTreeMap<String, String>}: keys in ascending UTF-8 byte order, which is code point
     * order. Java's {@code String} order differs only for supplementary characters, so the rare
     * manifest event sorts a copy of its keys (allocation is fine off the replication path).
     */
    private static int writeManifest(Map<String, String> manifest, byte[] out, int p, int limit)
            throws CodecException {
        String[] keys = manifest.keySet().toArray(new String[0]);
        java.util.Arrays.sort(keys, MsgpackCodec::compareCodePoints);
        p = MsgpackOut.writeMapHeader(out, p, limit, keys.length);
        for (String k : keys) {
            p = writeString(out, p, limit, k, "manifest key");
            p = writeString(out, p, limit, manifest.get(k), "manifest value");
        }
        return p;
    }

    static int compareCodePoints(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int ca = a.codePointAt(i);
            int cb = b.codePointAt(j);
            if (ca != cb) {
                return Integer.compare(ca, cb);
            }
            i += Character.charCount(ca);
            j += Character.charCount(cb);
        }
        return Integer.compare(a.length() - i, b.length() - j);
    }

    private static int structVariant(byte[] out, int p, int limit, int variant, int fields) {
        p = MsgpackOut.writeMapHeader(out, p, limit, 1);
        p = MsgpackOut.writeRaw(out, p, limit, EVENT_NAME_STR[variant]);
        return MsgpackOut.writeArrayHeader(out, p, limit, fields);
    }

    private static int gameVariant(byte[] out, int p, int limit, int variant, int fields) {
        p = MsgpackOut.writeMapHeader(out, p, limit, 1);
        p = MsgpackOut.writeRaw(out, p, limit, GAME_NAME_STR[variant]);
        return MsgpackOut.writeArrayHeader(out, p, limit, fields);
    }

    private static int writeString(byte[] out, int p, int limit, String s, String what) throws CodecException {
        if (s == null) {
            throw invalid(what + " is null");
        }
        int len = MsgpackOut.utf8Length(s);
        if (len < 0) {
            throw invalid(what + " has an unpaired surrogate (not valid UTF-8)");
        }
        return MsgpackOut.writeStr(out, p, limit, s, len);
    }

    /** Whether a frame starts like a {@code ReplicationBatch} event (checks the first 18 bytes only). */
    public static boolean isReplicationBatch(byte[] in, int offset, int length) {
        return length >= BATCH_PREFIX.length
                && Arrays.equals(in, offset, offset + BATCH_PREFIX.length, BATCH_PREFIX, 0, BATCH_PREFIX.length);
    }

    /** Scans a batch in place: the same strict checks as {@link #decodeEvent}, no object per record. */
    @Override
    public boolean visitBatch(byte[] in, int offset, int length, BatchVisitor visitor) throws CodecException {
        return MsgpackEventDecoder.visitBatch(in, offset, length, visitor);
    }

    @Override
    public WireEvent decodeEvent(byte[] in, int offset, int length) throws CodecException {
        return MsgpackEventDecoder.decodeEvent(in, offset, length);
    }

    // ---------------------------------------------------------------- components

    @Override
    public ComponentWriter componentWriter(ComponentSchema schema, byte[] out, int offset, int limit) {
        return writer.reset(schema, out, offset, limit);
    }

    @Override
    public int componentLength() {
        return writer.length();
    }

    /**
     * Decodes an {@code InputCommand} payload in the v0.2.22 shape
     * {@code [tick, actions, actions_mask, last_seen_input_tick]}. The older 3-field shape
     * (no {@code actions_mask}) is rejected as wrong arity. Move axes must be finite; the bits of
     * {@code actions_mask} are the tick's to judge.
     */
    @Override
    public void decodeInput(byte[] in, int offset, int length, InputCommandBuffer into) throws CodecException {
        MsgpackEventDecoder.decodeInput(in, offset, length, into);
    }

    // ---------------------------------------------------------------- helpers

    private static void checkOut(byte[] out, int offset) throws CodecException {
        if (out == null || offset < 0 || offset > out.length) {
            throw invalid("output offset " + offset + " outside buffer of " + (out == null ? "null" : out.length));
        }
    }

    private static int checkU16(int v, String what) throws CodecException {
        if (v < 0 || v > 0xffff) {
            throw invalid(what + " " + v + " does not fit u16");
        }
        return v;
    }

    private static CodecException invalid(String reason) {
        return new CodecException(new CodecError.InvalidValue(reason));
    }

    private static int finish(int p, int offset, int limit) throws CodecException {
        if (p > limit) {
            throw new CodecException(new CodecError.BufferOverflow(p - offset, limit - offset));
        }
        return p - offset;
    }
}
