package dev.aetheris.server.tick;

import dev.aetheris.codec.compact.CompactFrames;
import dev.aetheris.protocol.error.CodecException;
import dev.aetheris.protocol.event.WireEvent;
import dev.aetheris.protocol.fragment.Reassembler;
import dev.aetheris.protocol.seam.Codec;
import dev.aetheris.server.metrics.TickMetrics;

/**
 * The tick's Apply stage: walks what Poll collected, in order, and routes each connection event
 * to the {@link ClientRegistry} and each message to the Auth gate, the {@link InputApplier} or the
 * {@link CommandHandler}. Fragments of authenticated clients are reassembled here. Each message
 * is classified once by its first byte. Room-loop thread only.
 */
final class ApplyStage {
    private final Codec codec;
    private final ClientRegistry clients;
    private final InputApplier inputs;
    private final CommandHandler commands;
    private final Reassembler reassembler;
    private final TickMetrics metrics;
    /** Messages that waited for their connection's Auth re-enter here, as if just received. */
    private final ClientRegistry.HeldMessages replayHeld = (id, buf, off, len) -> onMessage(id, buf, off, len, false);

    ApplyStage(Codec codec, ClientRegistry clients, InputApplier inputs, CommandHandler commands,
               Reassembler reassembler, TickMetrics metrics) {
        this.codec = codec;
        this.clients = clients;
        this.inputs = inputs;
        this.commands = commands;
        this.reassembler = reassembler;
        this.metrics = metrics;
    }

    /**
     * Applies one poll's events, then the Auths checked meanwhile (with the messages that waited
     * for them), then drops fragments that timed out.
     */
    void apply(InboundBuffer inbound) {
        for (int i = 0; i < inbound.size; i++) {
            long id = inbound.client[i];
            switch (inbound.type[i]) {
                case InboundBuffer.CONNECTED -> clients.onConnected(id);
                case InboundBuffer.DISCONNECTED -> clients.onDisconnected(id, inbound.reason(i));
                case InboundBuffer.MESSAGE -> onMessage(id, inbound.arena, inbound.offset[i], inbound.length[i], false);
                default -> throw new IllegalStateException("unknown inbound type " + inbound.type[i]);
            }
        }
        clients.collectAuthResults(replayHeld);
        reassembler.prune();
    }

    private void onMessage(long id, byte[] buf, int off, int len, boolean reassembled) {
        ClientState c = clients.get(id);
        if (c == null) {
            return; // already dropped by the server; the transport will report the close
        }
        if (!c.authenticated()) {
            clients.onUnauthenticatedMessage(c, buf, off, len);
            return;
        }
        // Re-validated on every message, not only periodically.
        if (!clients.stillActive(c)) {
            return;
        }
        if (CompactFrames.isCompact(buf, off, len)) {
            onCompactMessage(c, buf, off, len, reassembled);
            return;
        }
        Codec.FrameKind kind = codec.classify(buf, off, len);
        if (kind == Codec.FrameKind.REPLICATION) {
            inputs.applyFrame(c, buf, off, len);
            return;
        }
        WireEvent event;
        try {
            if (inputs.applyBatch(c, buf, off, len)) {
                return;
            }
            event = codec.decodeEvent(buf, off, len);
        } catch (CodecException e) {
            if (kind == Codec.FrameKind.UNKNOWN) {
                inputs.applyFrame(c, buf, off, len);
            } else {
                metrics.decodeErrors.inc();
            }
            return;
        }
        if (event instanceof WireEvent.Fragment fragment) {
            onFragment(c, fragment, reassembled);
        } else {
            commands.onEvent(c, event);
        }
    }

    /** A v2 INPUT: records the ack, then handles the v1 message it carries (one level only). */
    private void onCompactMessage(ClientState c, byte[] buf, int off, int len, boolean reassembled) {
        long ack;
        try {
            ack = CompactFrames.inputAck(buf, off, len);
        } catch (CodecException e) {
            metrics.decodeErrors.inc();
            return;
        }
        int inner = off + CompactFrames.INPUT_HEADER;
        int innerLen = len - CompactFrames.INPUT_HEADER;
        if (CompactFrames.isCompact(buf, inner, innerLen)) {
            metrics.decodeErrors.inc();
            return;
        }
        // The latest, not the largest: a bogus future ack must not pin it (the encoder keeps the
        // newest valid one and ignores stale ones).
        c.snapshotAck = ack;
        if (innerLen > 0) {
            onMessage(c.id, buf, inner, innerLen, reassembled);
        }
    }

    private void onFragment(ClientState c, WireEvent.Fragment fragment, boolean reassembled) {
        if (reassembled) {
            metrics.decodeErrors.inc(); // fragments inside fragments are not a thing
            return;
        }
        byte[] message = reassembler.ingest(c.id, fragment.fragment());
        if (message != null) {
            onMessage(c.id, message, 0, message.length, true);
        }
    }
}
