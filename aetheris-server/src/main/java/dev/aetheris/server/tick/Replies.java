package dev.aetheris.server.tick;

import dev.aetheris.protocol.MonotonicClock;
import dev.aetheris.protocol.Sizes;
import dev.aetheris.protocol.error.CodecException;
import dev.aetheris.protocol.event.WireEvent;
import dev.aetheris.protocol.seam.Codec;
import dev.aetheris.server.metrics.TickMetrics;
import java.util.Arrays;

/**
 * The answers the apply stage owes: Pongs and ClearWorld acks. They are collected while commands
 * are applied and sent together right after the apply stage, so a ClearWorld ack arrives after
 * any stale datagrams already in flight. Room-loop thread only.
 */
final class Replies {
    private final Codec codec;
    private final MonotonicClock clock;
    private final Sender sender;
    private final TickMetrics metrics;
    private final byte[] scratch;

    private long[] pongClient = new long[64];
    private long[] pongTick = new long[64];
    private long[] pongReceived = new long[64];
    private int pongs;
    private final LongList clearAcks = new LongList();

    Replies(Codec codec, MonotonicClock clock, Sender sender, TickMetrics metrics) {
        this.codec = codec;
        this.clock = clock;
        this.sender = sender;
        this.metrics = metrics;
        this.scratch = new byte[Math.max(codec.maxEncodedSize(), Sizes.MAX_SAFE_PAYLOAD_SIZE) * 2];
    }

    /** Owes {@code clientId} a Pong echoing {@code pingTick}; the hold time starts now. */
    void pong(long clientId, long pingTick) {
        if (pongs == pongClient.length) {
            int n = pongs * 2;
            pongClient = Arrays.copyOf(pongClient, n);
            pongTick = Arrays.copyOf(pongTick, n);
            pongReceived = Arrays.copyOf(pongReceived, n);
        }
        pongClient[pongs] = clientId;
        pongTick[pongs] = pingTick;
        pongReceived[pongs] = clock.nanoTime();
        pongs++;
    }

    /** Owes {@code clientId} the reliable ClearWorld ack. */
    void clearAck(long clientId) {
        clearAcks.add(clientId);
    }

    /** Sends what is owed (acks first, then pongs) and forgets it. */
    void send() {
        sendClearAcks();
        sendPongs();
        clearAcks.clear();
        pongs = 0;
    }

    private void sendClearAcks() {
        if (clearAcks.size == 0) {
            return;
        }
        try {
            int n = codec.encodeEvent(new WireEvent.ClearWorld(), scratch, 0);
            for (int i = 0; i < clearAcks.size; i++) {
                sender.reliable(clearAcks.items[i], scratch, 0, n);
            }
        } catch (CodecException e) {
            metrics.encodeErrors.inc();
        }
    }

    // Pongs ride the reliable channel: the transports write it ahead of the tick's state, so the
    // RTT a client measures is the network's, not the state backlog's (and a Pong is never
    // superseded along with stale state).
    private void sendPongs() {
        for (int i = 0; i < pongs; i++) {
            long start = clock.nanoTime();
            try {
                int n = codec.encodeEvent(new WireEvent.Pong(pongTick[i]), scratch, 0);
                if (sender.reliable(pongClient[i], scratch, 0, n)) {
                    long end = clock.nanoTime();
                    metrics.pongDispatchMs.record((end - start) / 1e6);
                    metrics.pingHoldMs.record((end - pongReceived[i]) / 1e6);
                }
            } catch (CodecException e) {
                metrics.encodeErrors.inc();
            }
        }
    }
}
