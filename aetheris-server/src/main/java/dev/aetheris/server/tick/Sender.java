package dev.aetheris.server.tick;

import dev.aetheris.protocol.seam.GameTransport;
import dev.aetheris.protocol.seam.SendResult;
import dev.aetheris.server.metrics.TickMetrics;

/**
 * Queues bytes to one client and counts the outcome. A full reliable queue cannot be skipped
 * without losing a message, so the client is remembered in {@link #overflowed()} and disconnected
 * after the send stage; a full datagram queue only drops that datagram. Room-loop thread only.
 */
final class Sender {
    private final GameTransport transport;
    private final TickMetrics metrics;
    private final LongList overflowed = new LongList();

    Sender(GameTransport transport, TickMetrics metrics) {
        this.transport = transport;
        this.metrics = metrics;
    }

    /** Clients whose reliable queue was full since the last {@code overflowed().clear()}. */
    LongList overflowed() {
        return overflowed;
    }

    /** Queues a datagram; true if the transport took it. A full queue drops it (counted). */
    boolean unreliable(long clientId, byte[] data, int off, int len) {
        SendResult r = transport.sendUnreliable(clientId, data, off, len);
        if (r == SendResult.QUEUE_FULL) {
            metrics.outboundDropped.inc();
        }
        return counted(r, len);
    }

    /**
     * Queues a reliable message; true if the transport took it. A full queue marks the client in
     * {@link #overflowed()}.
     */
    boolean reliable(long clientId, byte[] data, int off, int len) {
        SendResult r = transport.sendReliable(clientId, data, off, len);
        if (r == SendResult.QUEUE_FULL) {
            overflowed.add(clientId);
        }
        return counted(r, len);
    }

    /** Counts what every send counts; true if sent. */
    private boolean counted(SendResult r, int len) {
        switch (r) {
            case SENT -> {
                metrics.packetsOutbound.inc();
                metrics.bytesOutbound.add(len);
                return true;
            }
            case TOO_LARGE -> metrics.encodeErrors.inc();
            case QUEUE_FULL, NOT_CONNECTED -> {
                // a full queue is handled by the caller; a disconnect arrives with the next poll
            }
        }
        return false;
    }
}
