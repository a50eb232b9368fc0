package dev.aetheris.server.tick;

import dev.aetheris.protocol.component.Components;
import dev.aetheris.protocol.component.InputCommandBuffer;
import dev.aetheris.protocol.error.CodecException;
import dev.aetheris.protocol.event.ComponentUpdate;
import dev.aetheris.protocol.seam.BatchVisitor;
import dev.aetheris.protocol.seam.Codec;
import dev.aetheris.protocol.seam.WorldState;
import dev.aetheris.server.metrics.TickMetrics;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Applies what clients write: only the {@code InputCommand} component, for the world to check
 * (ownership, validation, anti-replay). Anything else is counted and refused. A copy of an input
 * the world accepted lately (clients repeat their last inputs in every packet) is refused as a
 * replay without being decoded. Room-loop thread only; allocates nothing per input.
 */
final class InputApplier {
    private final Codec codec;
    private final WorldState world;
    private final TickMetrics metrics;
    /** Every input is decoded into this one buffer: the world reads it and copies what it keeps. */
    private final InputCommandBuffer input = new InputCommandBuffer();
    /** The sender of the batch being visited; the visitor is one reused object. */
    private ClientState batchSender;
    private final BatchVisitor batchVisitor = (networkId, kind, buf, off, len, tick) ->
            apply(batchSender, networkId, kind, buf, off, len);

    InputApplier(Codec codec, WorldState world, TickMetrics metrics) {
        this.codec = codec;
        this.world = world;
        this.metrics = metrics;
    }

    /**
     * Applies every record of a {@code ReplicationBatch} (clients may repeat their last few inputs
     * so one lost datagram loses nothing), scanned in place: no object per record.
     *
     * @return false if the message is not a batch
     * @throws CodecException if it is a malformed batch
     */
    boolean applyBatch(ClientState c, byte[] buf, int off, int len) throws CodecException {
        batchSender = c;
        return codec.visitBatch(buf, off, len, batchVisitor);
    }

    /** Applies a single replication frame. */
    void applyFrame(ClientState c, byte[] buf, int off, int len) {
        ComponentUpdate update;
        try {
            update = codec.decode(buf, off, len);
        } catch (CodecException e) {
            metrics.decodeErrors.inc();
            return;
        }
        apply(c, update.networkId(), update.componentKind(), update.payload(), 0, update.payload().length);
    }

    private void apply(ClientState c, long networkId, int kind, byte[] buf, int off, int len) {
        if (kind != Components.INPUT_COMMAND.kind()) {
            metrics.rejectedComponentWrites.inc();
            return;
        }
        long hash = inputHash(networkId, buf, off, len);
        if (c.inputAppliedLately(hash)) {
            // A repeat of an input the world accepted (the same bytes carry the same input tick):
            // refused as the replay it is, without decoding it or asking the world.
            metrics.rejectedInputs.inc();
            return;
        }
        try {
            codec.decodeInput(buf, off, len, input);
        } catch (CodecException e) {
            metrics.decodeErrors.inc();
            return;
        }
        if (world.applyInput(c.id, networkId, input).accepted()) {
            metrics.appliedInputs.inc();
            c.inputAccepted(hash);
        } else {
            metrics.rejectedInputs.inc();
        }
    }

    /**
     * A 64-bit hash of the entity and the payload's bytes (0 is kept for "none"). Two different
     * inputs that collide would lose the second one's first copy only: clients repeat each input
     * in their next packets.
     */
    static long inputHash(long networkId, byte[] buf, int off, int len) {
        long h = networkId * 0x9E3779B97F4A7C15L ^ len;
        int i = off;
        int end = off + len;
        for (; i + 8 <= end; i += 8) {
            h = (h ^ (long) LONGS.get(buf, i)) * 0xC2B2AE3D27D4EB4FL;
            h ^= h >>> 29;
        }
        for (; i < end; i++) {
            h = (h ^ (buf[i] & 0xff)) * 0x165667B19E3779F9L;
        }
        h ^= h >>> 32;
        return h == 0 ? 1 : h;
    }

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
}
