package dev.aetheris.server.tick;

import dev.aetheris.protocol.Sizes;
import dev.aetheris.protocol.seam.Codec;
import dev.aetheris.protocol.seam.GameTransport;
import dev.aetheris.protocol.seam.SendResult;
import dev.aetheris.replication.EntityStore;
import dev.aetheris.replication.ReplicationSettings;
import dev.aetheris.replication.Replicator;
import dev.aetheris.protocol.util.LongMap;
import dev.aetheris.server.metrics.TickMetrics;

/**
 * The send stage's state path for a world that keeps its state in an {@link EntityStore}:
 * interest, then each client's budget, then the v1 MessagePack encoding, then the transport.
 * Owns the {@link Replicator} (the tick tells it about clients, rooms and focus entities) and
 * the encoder; sends go straight to the transport and are counted in the tick's metrics.
 *
 * <p>A client whose reliable queue overflows is remembered; {@link #overflowed} lists them for
 * the tick to disconnect after the send stage.
 *
 * <p><b>Threading.</b> Room-loop thread only. <b>Allocation.</b> {@link #send} allocates nothing in
 * steady state; {@link #addClient} allocates the client's view.
 */
public final class StoreReplication implements MsgpackReplicationEncoder.Outlet {
    private final GameTransport transport;
    private final TickMetrics metrics;
    private final Replicator replicator;
    private final LongMap<int[]> frameClass = new LongMap<>();
    private long[] overflowed = new long[8];
    private int overflowedCount;

    /** Replicates {@code store} to the transport's clients with {@code settings}. */
    public StoreReplication(EntityStore store, ReplicationSettings settings, Codec codec, GameTransport transport,
                            TickMetrics metrics) {
        this.transport = transport;
        this.metrics = metrics;
        MsgpackReplicationEncoder encoder = new MsgpackReplicationEncoder(codec,
                new Packer(codec, Sizes.MAX_SAFE_PAYLOAD_SIZE), new Packer(codec, TickScheduler.STREAM_FRAME), this,
                metrics.encodeErrors);
        replicator = new Replicator(store, settings, encoder);
    }

    /** The replication core: rooms, focus entities, transport capacity, event routing. */
    public Replicator replicator() {
        return replicator;
    }

    /** Starts replicating to a connected client; asks the transport for its frame size once. */
    public void addClient(long clientId) {
        frameClass.put(clientId, new int[] {
            transport.maxUnreliableSize(clientId) >= TickScheduler.STREAM_FRAME ? TickScheduler.STREAM : TickScheduler.DATAGRAM});
        replicator.addClient(clientId);
    }

    /** Forgets a client that left. */
    public void removeClient(long clientId) {
        frameClass.remove(clientId);
        replicator.removeClient(clientId);
    }

    /** One state send to every client (clears the list of overflowed clients first). */
    public void send() {
        overflowedCount = 0;
        replicator.replicate();
    }

    /** How many clients' reliable queues overflowed during the last {@link #send}. */
    public int overflowedCount() {
        return overflowedCount;
    }

    /** The {@code i}-th client whose reliable queue overflowed during the last {@link #send}. */
    public long overflowed(int i) {
        return overflowed[i];
    }

    @Override
    public int frameClass(long clientId) {
        int[] c = frameClass.get(clientId);
        return c == null ? TickScheduler.DATAGRAM : c[0];
    }

    @Override
    public boolean sendUnreliable(long clientId, byte[] data, int offset, int length) {
        SendResult r = transport.sendUnreliable(clientId, data, offset, length);
        return counted(r, length) || dropped(r);
    }

    @Override
    public void sendReliable(long clientId, byte[] data, int offset, int length) {
        SendResult r = transport.sendReliable(clientId, data, offset, length);
        if (!counted(r, length) && r == SendResult.QUEUE_FULL
                && (overflowedCount == 0 || overflowed[overflowedCount - 1] != clientId)) {
            if (overflowedCount == overflowed.length) {
                overflowed = java.util.Arrays.copyOf(overflowed, overflowedCount * 2);
            }
            overflowed[overflowedCount++] = clientId;
        }
    }

    @Override
    public int sendOversize(long clientId, Outbox box, int record) {
        // No replicated component comes near a datagram (strings are bounded at 64 bytes).
        metrics.encodeErrors.inc();
        return 0;
    }

    private boolean counted(SendResult r, int length) {
        if (r == SendResult.SENT) {
            metrics.packetsOutbound.inc();
            metrics.bytesOutbound.add(length);
            return true;
        }
        if (r == SendResult.TOO_LARGE) {
            metrics.encodeErrors.inc();
        }
        return false;
    }

    private boolean dropped(SendResult r) {
        if (r == SendResult.QUEUE_FULL) {
            metrics.outboundDropped.inc();
        }
        return false;
    }
}
