package dev.aetheris.server.compact;

import dev.aetheris.codec.compact.CompactFrames;
import dev.aetheris.codec.compact.SchemaMessage;
import dev.aetheris.codec.compact.SnapshotDecoder;
import dev.aetheris.codec.compact.SnapshotFormat;
import dev.aetheris.codec.compact.SnapshotState;
import dev.aetheris.protocol.component.Components;
import dev.aetheris.protocol.error.CodecException;
import dev.aetheris.protocol.util.LongMap;
import dev.aetheris.replication.EntityStore;
import dev.aetheris.replication.ReplicationEncoder;
import dev.aetheris.replication.ReplicationSchema;
import dev.aetheris.replication.ReplicationSettings;
import dev.aetheris.replication.Replicator;
import dev.aetheris.replication.Visibility;
import java.util.Random;

/**
 * A room's replication with v2 clients over a lossy link: the store, the replicator with the v2
 * encoder, and per client a decoder fed by an outlet that drops a seeded fraction of snapshots
 * and of acks. Acks travel back one send later (a round trip of one send).
 */
final class CompactHarness implements SnapshotOutlet {
    static final long ROOM = 1;
    static final ReplicationSchema SCHEMA = ReplicationSchema.builder()
            .component(Components.TRANSFORM, Visibility.EVERYONE)
            .range("x", 0, 1024, 0.05).range("y", 0, 1024, 0.05).range("rotation", -Math.PI, Math.PI, Math.PI / 512)
            .component(Components.VELOCITY, Visibility.EVERYONE)
            .range("dx", -256, 256, 0.05).range("dy", -256, 256, 0.05)
            .component(Components.PLAYER_NAME, Visibility.EVERYONE)
            .position(Components.TRANSFORM, "x", "y")
            .build();
    static final int TRANSFORM = SCHEMA.component(Components.TRANSFORM);
    static final int VELOCITY = SCHEMA.component(Components.VELOCITY);
    static final int NAME = SCHEMA.component(Components.PLAYER_NAME);
    static final int X = SCHEMA.field(Components.TRANSFORM, "x");
    static final int Y = SCHEMA.field(Components.TRANSFORM, "y");
    static final int ROT = SCHEMA.field(Components.TRANSFORM, "rotation");
    static final int DX = SCHEMA.field(Components.VELOCITY, "dx");
    static final int PILOT = SCHEMA.field(Components.PLAYER_NAME, "name");

    final EntityStore store = new EntityStore(SCHEMA, 1024);
    final CompactReplicationEncoder encoder;
    final Replicator replicator;
    private final Random random;
    private final double loss;
    final LongMap<Peer> peers = new LongMap<>();
    final java.util.List<Long> ids = new java.util.ArrayList<>();
    long tick;
    /** Every client's own entity (0 = none). */
    long focus;
    /** The frame every client gets, unless {@link #frames} names another for it. */
    int frame = 1200;
    final java.util.Map<Long, Integer> frames = new java.util.HashMap<>();
    /** Whether acks never arrive (every snapshot is then against the empty state). */
    boolean acksLost;
    /** The latest snapshot each client was sent (lost or not). */
    final LongMap<byte[]> lastPacket = new LongMap<>();
    long bytes;
    long dropped;

    /** A client's end: its decoder once the schema arrived, and the ack it will send next send. */
    static final class Peer {
        SnapshotDecoder decoder;
        long pendingAck;
        long snapshots;
    }

    CompactHarness(long seed, double loss, int bytesPerSecond) {
        this(seed, loss, bytesPerSecond, true);
    }

    /** @param lockstep false hides that the encoder's costs are client-independent, so no client repeats another's offers */
    CompactHarness(long seed, double loss, int bytesPerSecond, boolean lockstep) {
        this.random = new Random(seed);
        this.loss = loss;
        encoder = new CompactReplicationEncoder(store, this, 1200, null, id -> focus);
        ReplicationSettings settings = new ReplicationSettings(5000, 100, bytesPerSecond, 60, 0.05f, 1);
        replicator = new Replicator(store, settings, lockstep ? encoder : new OneByOne(encoder));
    }

    /** The encoder, claiming costs that depend on the client (no cost group): the replicator then works client by client. */
    private record OneByOne(CompactReplicationEncoder e) implements ReplicationEncoder {
        @Override
        public void beginSend(EntityStore store) {
            e.beginSend(store);
        }

        @Override
        public void beginClient(long clientId) {
            e.beginClient(clientId);
        }

        @Override
        public int enterCost(int entity, long componentMask) {
            return e.enterCost(entity, componentMask);
        }

        @Override
        public int updateCost(int entity, long componentMask) {
            return e.updateCost(entity, componentMask);
        }

        @Override
        public int leaveCost(long networkId) {
            return e.leaveCost(networkId);
        }

        @Override
        public void enter(int entity, long componentMask) {
            e.enter(entity, componentMask);
        }

        @Override
        public void update(int entity, long componentMask) {
            e.update(entity, componentMask);
        }

        @Override
        public void leave(long networkId) {
            e.leave(networkId);
        }

        @Override
        public int endClient() {
            return e.endClient();
        }

        @Override
        public void endSend() {
            e.endSend();
        }
    }

    void addClient(long id, long ship) {
        replicator.addClient(id);
        replicator.setRoom(id, ROOM);
        replicator.setFocus(id, ship);
        peers.put(id, new Peer());
        ids.add(id);
    }

    int spawn(long id, long owner, float x, float y) {
        int e = store.spawn(id, 3, owner, ROOM, SCHEMA.mask(TRANSFORM, VELOCITY));
        store.setFloat(e, X, x);
        store.setFloat(e, Y, y);
        store.setGlobal(e, true); // everyone sees everyone, as in S1
        return e;
    }

    void next() {
        store.setTick(++tick);
    }

    /** One send: acks from the previous send arrive (unless lost), then the replicator runs. */
    void send() {
        for (long id : ids) {
            Peer p = peers.get(id);
            if (p.pendingAck != 0 && !acksLost && random.nextDouble() >= loss) {
                encoder.acknowledge(id, p.pendingAck);
            }
        }
        replicator.replicate();
        for (long id : ids) {
            Peer p = peers.get(id);
            if (p.decoder != null) {
                p.pendingAck = p.decoder.newestSequence();
            }
        }
    }

    @Override
    public int frameLimit(long clientId) {
        return frames.getOrDefault(clientId, frame);
    }

    @Override
    public boolean sendUnreliable(long clientId, byte[] data, int offset, int length) {
        bytes += length;
        lastPacket.put(clientId, java.util.Arrays.copyOfRange(data, offset, offset + length));
        if (random.nextDouble() < loss) {
            dropped++;
            return true; // queued, then lost on the way
        }
        Peer p = peers.get(clientId);
        try {
            long seq = SnapshotFormat.sequence(data, offset, length);
            if (p.decoder != null && p.decoder.decode(data, offset, length, MirrorCheck.IGNORE)) {
                p.snapshots++;
                if (p.decoder.newestSequence() != seq) {
                    throw new AssertionError("decoded " + seq + " but newest is " + p.decoder.newestSequence());
                }
            }
        } catch (CodecException e) {
            throw new AssertionError("the encoder wrote a snapshot its decoder refuses: " + e.getMessage(), e);
        }
        return true;
    }

    @Override
    public void sendReliable(long clientId, byte[] data, int offset, int length) {
        bytes += length;
        if (!CompactFrames.isCompact(data, offset, length) || CompactFrames.type(data, offset) != CompactFrames.SCHEMA) {
            throw new AssertionError("only the schema travels reliably");
        }
        try {
            peers.get(clientId).decoder = new SnapshotDecoder(SchemaMessage.decode(data, offset, length));
        } catch (CodecException e) {
            throw new AssertionError(e);
        }
    }

    /** Entities whose mirrored state differs from the store's quantized state (0 = converged). */
    int mismatches(long clientId) {
        return MirrorCheck.mismatches(store, encoder.schema(), peers.get(clientId).decoder.current());
    }
}
