package dev.aetheris.server.tick;

import dev.aetheris.protocol.error.CodecException;
import dev.aetheris.protocol.seam.Codec;
import dev.aetheris.replication.ComponentValues;
import dev.aetheris.replication.EntityStore;
import dev.aetheris.replication.ReplicationEncoder;
import dev.aetheris.replication.ReplicationSchema;
import dev.aetheris.server.metrics.Counter;

/**
 * The v1 wire (MessagePack, upstream's shapes) for the replication core. Each component a send
 * needs is encoded once, as a {@code ReplicationBatch} record in the send's {@link Outbox}, and
 * the same bytes are packed for every client that gets it; spawn notices likewise, once per
 * entity per send.
 *
 * <p>Per client: leave and spawn notices go reliably ({@code EntityDespawned},
 * {@code EntitySpawned}), then an entering entity's full state in reliable batch frames (v1 has no
 * acks, and an entity at rest never sends again, so a lost datagram would hide it for good), then
 * updates in unreliable batch frames of the client's frame size.
 *
 * <p>Room-loop thread only; allocation-free once its arrays have grown to the working size.
 */
final class MsgpackReplicationEncoder implements ReplicationEncoder {
    /** Room for one EntitySpawned frame: map, name, array, a u64 id and a u16 kind (28 bytes at most). */
    private static final int SPAWN_SLOT = 32;

    /** Where the encoder's bytes go: the tick's send helpers. */
    interface Outlet {
        /** {@link Packer#DATAGRAM} or {@link Packer#STREAM} for the client. */
        int frameClass(long clientId);

        /** Queues a datagram; false if it was dropped. */
        boolean sendUnreliable(long clientId, byte[] data, int offset, int length);

        /** Queues a reliable message (a full queue marks the client for disconnection). */
        void sendReliable(long clientId, byte[] data, int offset, int length);

        /** Sends a record too large for one frame, fragmented. @return bytes queued */
        int sendOversize(long clientId, Outbox box, int record);
    }

    private final Codec codec;
    private final Outbox box;
    private final Packer[] packers;
    private final Outlet outlet;
    private final Counter encodeErrors;
    private EntityStore store;
    private ReplicationSchema schema;
    private int capacity;
    private long serial;
    private long[] recordSerial = new long[0];
    private int[] record = new int[0];
    // Spawn notices never change for an entity's life: encoded once into a slot per store index.
    private long[] spawnId = new long[0];
    private int[] spawnLength = new int[0];
    private byte[] spawnBytes = new byte[0];
    private long leaveId;
    private long leaveSerial = -1;
    private int leaveNotice;

    private long client;
    private final IntList leaves = new IntList();
    private final IntList spawns = new IntList();
    private final IntList full = new IntList();
    private final IntList updates = new IntList();

    MsgpackReplicationEncoder(Codec codec, Packer datagramPacker, Packer streamPacker, Outlet outlet,
                              Counter encodeErrors) {
        this.codec = codec;
        this.box = new Outbox(codec, null, encodeErrors);
        this.packers = new Packer[] {datagramPacker, streamPacker};
        this.outlet = outlet;
        this.encodeErrors = encodeErrors;
    }

    @Override
    public void beginSend(EntityStore store) {
        if (this.store != store) {
            this.store = store;
            schema = store.schema();
            capacity = store.capacity();
            recordSerial = new long[schema.componentCount() * capacity];
            record = new int[recordSerial.length];
            spawnId = new long[capacity];
            spawnLength = new int[capacity];
            spawnBytes = new byte[capacity * SPAWN_SLOT];
        }
        serial++;
        box.reset(store.tick());
    }

    @Override
    public void beginClient(long clientId) {
        client = clientId;
        leaves.clear();
        spawns.clear();
        full.clear();
        updates.clear();
    }

    @Override
    public int enterCost(int entity, long componentMask) {
        return spawn(entity) + cost(entity, componentMask);
    }

    @Override
    public int updateCost(int entity, long componentMask) {
        return cost(entity, componentMask);
    }

    @Override
    public int leaveCost(long networkId) {
        int n = leave0(networkId);
        return n < 0 ? 0 : box.noticeLength[n];
    }

    @Override
    public void enter(int entity, long componentMask) {
        if (spawn(entity) > 0) {
            spawns.add(entity);
        }
        add(full, entity, componentMask);
    }

    @Override
    public void update(int entity, long componentMask) {
        add(updates, entity, componentMask);
    }

    @Override
    public void leave(long networkId) {
        int n = leave0(networkId);
        if (n >= 0) {
            leaves.add(n);
        }
    }

    @Override
    public int endClient() {
        int bytes = 0;
        for (int i = 0; i < leaves.size; i++) {
            int n = leaves.items[i];
            outlet.sendReliable(client, box.noticeArena, box.noticeOffset[n], box.noticeLength[n]);
            bytes += box.noticeLength[n];
        }
        for (int i = 0; i < spawns.size; i++) {
            int e = spawns.items[i];
            outlet.sendReliable(client, spawnBytes, e * SPAWN_SLOT, spawnLength[e]);
            bytes += spawnLength[e];
        }
        Packer p = packers[outlet.frameClass(client)];
        bytes += pack(p, full, true);
        bytes += pack(p, updates, false);
        return bytes;
    }

    @Override
    public void endSend() {
    }

    /** Sizes come from the send's shared record cache and notices, the same for every client: one group. */
    @Override
    public int costGroup(long clientId) {
        return 0;
    }

    /** Component records encoded in the current send (each once, however many clients got it). */
    int recordsThisSend() {
        return box.records;
    }

    private int pack(Packer p, IntList records, boolean reliable) {
        if (records.size == 0) {
            return 0;
        }
        p.clear();
        try {
            p.pack(box, records, null);
        } catch (CodecException e) {
            encodeErrors.inc();
            return 0;
        }
        int bytes = 0;
        for (int f = 0; f < p.frames; f++) {
            if (reliable) {
                outlet.sendReliable(client, p.out, p.frameOffset[f], p.frameLength[f]);
            } else {
                outlet.sendUnreliable(client, p.out, p.frameOffset[f], p.frameLength[f]);
            }
            bytes += p.frameLength[f];
        }
        for (int o = 0; o < p.oversize.size; o++) {
            bytes += outlet.sendOversize(client, box, p.oversize.items[o]);
        }
        return bytes;
    }

    private int cost(int entity, long mask) {
        int bytes = 0;
        for (long m = mask; m != 0; m &= m - 1) {
            int r = record(entity, Long.numberOfTrailingZeros(m));
            if (r >= 0) {
                bytes += box.recLength[r];
            }
        }
        return bytes;
    }

    private void add(IntList list, int entity, long mask) {
        for (long m = mask; m != 0; m &= m - 1) {
            int r = record(entity, Long.numberOfTrailingZeros(m));
            if (r >= 0) {
                list.add(r);
            }
        }
    }

    /** The send's record of component {@code c} of {@code entity}, encoded on first use; −1 if it failed. */
    private int record(int entity, int c) {
        int slot = c * capacity + entity;
        if (recordSerial[slot] != serial) {
            int before = box.records;
            ComponentValues.write(store, entity, c, box.component(store.networkId(entity), schema.componentAt(c).wire()));
            recordSerial[slot] = serial;
            record[slot] = box.records > before ? before : -1;
        }
        return record[slot];
    }

    /** The entity's spawn notice length (encoded on first use for this entity); 0 if it cannot be encoded. */
    private int spawn(int entity) {
        long id = store.networkId(entity);
        if (spawnId[entity] != id) {
            spawnId[entity] = id;
            try {
                spawnLength[entity] = codec.encodeEntitySpawned(id, store.kind(entity), spawnBytes, entity * SPAWN_SLOT);
            } catch (CodecException e) {
                encodeErrors.inc(); // a kind beyond u16 or a slot too small: the entity is sent without its notice
                spawnLength[entity] = 0;
            }
        }
        return spawnLength[entity];
    }

    /** A despawn notice; the core asks its cost right before emitting it, so the last one is reused. */
    private int leave0(long networkId) {
        if (leaveSerial != serial || leaveId != networkId) {
            leaveSerial = serial;
            leaveId = networkId;
            leaveNotice = box.notice(networkId, Outbox.DESPAWN, 0);
        }
        return leaveNotice;
    }
}
