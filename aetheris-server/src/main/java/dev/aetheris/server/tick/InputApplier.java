package dev.aetheris.server.tick;

import dev.aetheris.protocol.component.Components;
import dev.aetheris.protocol.component.InputCommand;
import dev.aetheris.protocol.error.CodecException;
import dev.aetheris.protocol.error.WorldException;
import dev.aetheris.protocol.event.ComponentUpdate;
import dev.aetheris.protocol.seam.BatchVisitor;
import dev.aetheris.protocol.seam.Codec;
import dev.aetheris.protocol.seam.WorldState;
import dev.aetheris.server.metrics.TickMetrics;

/**
 * Applies what clients write: only the {@code InputCommand} component, for the world to check
 * (ownership, validation, anti-replay). Anything else is counted and refused. Room-loop thread
 * only.
 */
final class InputApplier {
    private final Codec codec;
    private final WorldState world;
    private final TickMetrics metrics;
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
        try {
            InputCommand input = codec.decodeInput(buf, off, len);
            world.applyInput(c.id, networkId, input);
        } catch (CodecException e) {
            metrics.decodeErrors.inc();
        } catch (WorldException e) {
            metrics.rejectedInputs.inc();
        }
    }
}
