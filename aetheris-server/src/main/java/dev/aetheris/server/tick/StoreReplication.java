package dev.aetheris.server.tick;

import dev.aetheris.protocol.seam.Codec;
import dev.aetheris.protocol.seam.GameTransport;
import dev.aetheris.protocol.util.LongMap;
import dev.aetheris.replication.EntityStore;
import dev.aetheris.replication.ReplicationSettings;
import dev.aetheris.replication.Replicator;
import dev.aetheris.server.compact.ClientCodecs;
import dev.aetheris.server.compact.CompactReplicationEncoder;
import dev.aetheris.server.compact.FocusEntities;
import dev.aetheris.server.compact.PerClientEncoder;
import dev.aetheris.server.compact.SnapshotAcks;
import dev.aetheris.server.compact.SnapshotOutlet;
import dev.aetheris.server.metrics.TickMetrics;

/**
 * The send stage's state path for a world that keeps its state in an {@link EntityStore}:
 * interest, then each client's budget, then the encoding of the wire the client negotiated (codec
 * v2 snapshots for clients that sent a HELLO, v1 MessagePack records for the others), then the
 * transport. Owns the {@link Replicator} (told about clients, rooms and focus entities) and the encoders;
 * every send goes through a {@link Sender}, so it is counted like any other and a client whose
 * reliable queue overflows is left in the sender's list for the tick to disconnect.
 *
 * <p><b>Threading.</b> Room-loop thread only. <b>Allocation.</b> {@link #send} allocates nothing in
 * steady state; {@link #addClient} allocates the client's view.
 */
public final class StoreReplication implements MsgpackReplicationEncoder.Outlet, SnapshotOutlet {
    private final GameTransport transport;
    private final Sender sender;
    private final TickMetrics metrics;
    private final Replicator replicator;
    private final LongMap<int[]> frameClass = new LongMap<>();
    private final CompactReplicationEncoder compact;

    /**
     * Replicates {@code store} to {@code transport}'s clients with {@code settings}, counting in
     * {@code metrics}.
     *
     * @param codecs which clients negotiated codec v2
     * @param acks   the newest v2 snapshot each client acknowledged
     * @param focus  each client's own entity (its ship)
     */
    public StoreReplication(EntityStore store, ReplicationSettings settings, Codec codec, GameTransport transport,
                            TickMetrics metrics, ClientCodecs codecs, SnapshotAcks acks, FocusEntities focus) {
        this(store, settings, 1, codec, transport, new Sender(transport, metrics), metrics, codecs, acks, focus);
    }

    /** @param phases each client is sent to on one {@link #send} in this many (its own state rate) */
    StoreReplication(EntityStore store, ReplicationSettings settings, int phases, Codec codec, GameTransport transport,
                     Sender sender, TickMetrics metrics, ClientCodecs codecs, SnapshotAcks acks, FocusEntities focus) {
        this.transport = transport;
        this.sender = sender;
        this.metrics = metrics;
        MsgpackReplicationEncoder v1 = new MsgpackReplicationEncoder(codec,
                new Packer(codec, Packer.frameLimit(Packer.DATAGRAM)), new Packer(codec, Packer.frameLimit(Packer.STREAM)),
                this, metrics.encodeErrors);
        compact = new CompactReplicationEncoder(store, this, Packer.STREAM_FRAME, acks, focus);
        replicator = new Replicator(store, settings, new PerClientEncoder(v1, compact, codecs), phases);
    }

    /** The codec v2 encoder (its counters; tests and diagnostics). */
    public CompactReplicationEncoder compactEncoder() {
        return compact;
    }

    /** The replication core: rooms, focus entities, transport capacity, event routing. */
    public Replicator replicator() {
        return replicator;
    }

    /** Starts replicating to a connected client; asks the transport for its frame size once. */
    public void addClient(long clientId) {
        int cls = transport.maxUnreliableSize(clientId) >= Packer.STREAM_FRAME ? Packer.STREAM : Packer.DATAGRAM;
        frameClass.put(clientId, new int[] {cls});
        replicator.addClient(clientId);
    }

    /** Forgets a client that left. */
    public void removeClient(long clientId) {
        frameClass.remove(clientId);
        replicator.removeClient(clientId);
        compact.removeClient(clientId);
    }

    /** One state send to the clients whose phase this is (every client with one phase). */
    public void send() {
        replicator.replicate();
    }

    @Override
    public int frameClass(long clientId) {
        int[] c = frameClass.get(clientId);
        return c == null ? Packer.DATAGRAM : c[0];
    }

    @Override
    public int frameLimit(long clientId) {
        return Packer.frameLimit(frameClass(clientId));
    }

    @Override
    public boolean sendUnreliable(long clientId, byte[] data, int offset, int length) {
        return sender.unreliable(clientId, data, offset, length);
    }

    @Override
    public void sendReliable(long clientId, byte[] data, int offset, int length) {
        sender.reliable(clientId, data, offset, length);
    }

    @Override
    public int sendOversize(long clientId, Outbox box, int record) {
        // No replicated component comes near a datagram (strings are bounded at 64 bytes).
        metrics.encodeErrors.inc();
        return 0;
    }
}
