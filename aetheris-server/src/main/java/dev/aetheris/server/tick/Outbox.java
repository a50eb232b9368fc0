package dev.aetheris.server.tick;

import dev.aetheris.protocol.component.ComponentSchema;
import dev.aetheris.protocol.component.ComponentWriter;
import dev.aetheris.protocol.error.CodecException;
import dev.aetheris.protocol.event.WireEvent;
import dev.aetheris.protocol.seam.Codec;
import dev.aetheris.protocol.seam.ReliableEventSink;
import dev.aetheris.protocol.seam.ReplicationSink;
import dev.aetheris.protocol.event.GameEvent;
import dev.aetheris.protocol.seam.WorldState;
import dev.aetheris.server.metrics.Counter;
import java.util.Arrays;

/**
 * The tick's {@link ReplicationSink}: each component value the world writes is encoded once, as a
 * ready-to-pack {@code ReplicationBatch} record, and remembered with its entity's room. Spawn and
 * despawn notices are encoded once as event frames. Everything lives in reused arrays; nothing is
 * allocated per tick once they have grown to the working size.
 *
 * <p>It is also the {@link ComponentWriter} handed to the world: calls are forwarded to the
 * codec's writer, and {@link #end()} turns the finished payload into a record.
 */
final class Outbox implements ReplicationSink, ComponentWriter, ReliableEventSink {
    /** The {@code kind} of {@link #notice} that means a despawn notice. */
    static final int DESPAWN = -1;
    private final Codec codec;
    private final WorldState world;
    private final Counter encodeErrors;
    private final byte[] payload;
    private ComponentWriter current;
    private long currentNid;
    private int currentKind;
    private long tick;

    byte[] arena = new byte[64 * 1024];
    int arenaUsed;
    int records;
    int[] recOffset = new int[1024];
    int[] recLength = new int[1024];
    long[] recRoom = new long[1024];

    byte[] noticeArena = new byte[4 * 1024];
    int noticeUsed;
    int notices;
    int[] noticeOffset = new int[64];
    int[] noticeLength = new int[64];
    long[] noticeRoom = new long[64];

    byte[] eventArena = new byte[4 * 1024];
    int eventUsed;
    int events;
    int[] eventOffset = new int[64];
    int[] eventLength = new int[64];
    long[] eventTarget = new long[64];
    /** The entity an event is about (0 = none), and a second one it involves (a shot's source), for routing. */
    long[] eventSubject = new long[64];
    long[] eventOther = new long[64];

    /** @param world answers each record's room, or {@code null} when the replication core routes records instead */
    Outbox(Codec codec, WorldState world, Counter encodeErrors) {
        this.codec = codec;
        this.world = world;
        this.encodeErrors = encodeErrors;
        // Room for any component value; one larger than a datagram is fragmented when sent.
        this.payload = new byte[dev.aetheris.protocol.Sizes.MAX_RELIABLE_MESSAGE_SIZE];
    }

    /** Starts a tick's extraction; records carry {@code tick}. */
    void reset(long tick) {
        this.tick = tick;
        arenaUsed = 0;
        records = 0;
        noticeUsed = 0;
        notices = 0;
        eventUsed = 0;
        events = 0;
    }

    /** Encodes a reliable gameplay event once; the send stage delivers it to its target(s). */
    @Override
    public void event(long targetClientId, GameEvent event) {
        int max = codec.maxEncodedSize() * 4;
        if (eventUsed + max > eventArena.length) {
            eventArena = Arrays.copyOf(eventArena, Math.max(eventArena.length * 2, eventUsed + max));
        }
        if (events == eventOffset.length) {
            int n = events * 2;
            eventOffset = Arrays.copyOf(eventOffset, n);
            eventLength = Arrays.copyOf(eventLength, n);
            eventTarget = Arrays.copyOf(eventTarget, n);
            eventSubject = Arrays.copyOf(eventSubject, n);
            eventOther = Arrays.copyOf(eventOther, n);
        }
        try {
            int n = codec.encodeEvent(new WireEvent.GameEvent(event), eventArena, eventUsed);
            int i = events++;
            eventOffset[i] = eventUsed;
            eventLength[i] = n;
            eventTarget[i] = targetClientId;
            eventSubject[i] = subject(event);
            eventOther[i] = event instanceof GameEvent.DamageEvent d ? d.source() : 0;
            eventUsed += n;
        } catch (CodecException e) {
            encodeErrors.inc();
        }
    }

    /** The entity whose viewers should hear of {@code event}; 0 for events about no entity. */
    static long subject(GameEvent event) {
        return switch (event) {
            case GameEvent.AsteroidDepleted e -> e.networkId();
            case GameEvent.Possession e -> e.networkId();
            case GameEvent.SystemManifest e -> 0;
            case GameEvent.DamageEvent e -> e.target();
            case GameEvent.DeathEvent e -> e.target();
            case GameEvent.RespawnEvent e -> e.target();
            case GameEvent.CargoCollected e -> e.networkId();
        };
    }

    @Override
    public ComponentWriter component(long networkId, ComponentSchema schema) {
        currentNid = networkId;
        currentKind = schema.kind();
        current = codec.componentWriter(schema, payload, 0, payload.length);
        return this;
    }

    @Override
    public void spawned(long networkId, int entityKind) {
        notice(networkId, entityKind, world == null ? WorldState.NO_ROOM : world.entityRoom(networkId));
    }

    @Override
    public void despawned(long networkId) {
        // The world no longer knows a dead entity's room: tell everyone; clients ignore unknown ids.
        notice(networkId, DESPAWN, WorldState.NO_ROOM);
    }

    /** Encodes a spawn notice ({@code kind} ≥ 0) or a despawn notice ({@link #DESPAWN}); returns its index or −1. */
    int notice(long networkId, int kind, long room) {
        ensureNotice(codec.maxEncodedSize());
        try {
            int n = kind == DESPAWN ? codec.encodeEntityDespawned(networkId, noticeArena, noticeUsed)
                    : codec.encodeEntitySpawned(networkId, kind, noticeArena, noticeUsed);
            int i = notices++;
            noticeOffset[i] = noticeUsed;
            noticeLength[i] = n;
            noticeRoom[i] = room;
            noticeUsed += n;
            return i;
        } catch (CodecException e) {
            encodeErrors.inc();
            return -1;
        }
    }

    @Override
    public ComponentWriter bool(boolean value) {
        current.bool(value);
        return this;
    }

    @Override
    public ComponentWriter uint(long value) {
        current.uint(value);
        return this;
    }

    @Override
    public ComponentWriter f32(float value) {
        current.f32(value);
        return this;
    }

    @Override
    public ComponentWriter str(CharSequence value) {
        current.str(value);
        return this;
    }

    @Override
    public ComponentWriter none() {
        current.none();
        return this;
    }

    @Override
    public ComponentWriter variant(int index) {
        current.variant(index);
        return this;
    }

    @Override
    public ComponentWriter sequence(int length) {
        current.sequence(length);
        return this;
    }

    @Override
    public void end() {
        current.end();
        current = null;
        int len = codec.componentLength();
        // A record is the payload plus at most 32 bytes of framing (array, ids, bin header, tick).
        ensureRecord(len + 32);
        try {
            int n = codec.encodeBatchRecord(currentNid, currentKind, payload, 0, len, tick, arena, arenaUsed);
            int i = records++;
            recOffset[i] = arenaUsed;
            recLength[i] = n;
            recRoom[i] = world == null ? WorldState.NO_ROOM : world.entityRoom(currentNid);
            arenaUsed += n;
        } catch (CodecException e) {
            encodeErrors.inc();
        }
    }

    private void ensureRecord(int bytes) {
        if (arenaUsed + bytes > arena.length) {
            arena = Arrays.copyOf(arena, Math.max(arena.length * 2, arenaUsed + bytes));
        }
        if (records == recOffset.length) {
            int n = records * 2;
            recOffset = Arrays.copyOf(recOffset, n);
            recLength = Arrays.copyOf(recLength, n);
            recRoom = Arrays.copyOf(recRoom, n);
        }
    }

    private void ensureNotice(int bytes) {
        if (noticeUsed + bytes > noticeArena.length) {
            noticeArena = Arrays.copyOf(noticeArena, Math.max(noticeArena.length * 2, noticeUsed + bytes));
        }
        if (notices == noticeOffset.length) {
            int n = notices * 2;
            noticeOffset = Arrays.copyOf(noticeOffset, n);
            noticeLength = Arrays.copyOf(noticeLength, n);
            noticeRoom = Arrays.copyOf(noticeRoom, n);
        }
    }
}
