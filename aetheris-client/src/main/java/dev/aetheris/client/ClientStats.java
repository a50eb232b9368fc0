package dev.aetheris.client;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/** Figures one client collects: bytes in, decode errors, round-trip times, time to possession. */
public final class ClientStats {
    final AtomicLong bytesIn = new AtomicLong();
    final AtomicLong messagesIn = new AtomicLong();
    final AtomicLong decodeErrors = new AtomicLong();
    final AtomicLong inputsSent = new AtomicLong();
    private final List<Double> rttMs = new ArrayList<>();
    volatile double timeToPossessMs = Double.NaN;

    synchronized void rtt(double ms) {
        if (rttMs.size() < 10_000) {
            rttMs.add(ms);
        }
    }

    /** Bytes received (payloads). */
    public long bytesIn() {
        return bytesIn.get();
    }

    /** Messages received. */
    public long messagesIn() {
        return messagesIn.get();
    }

    /** Messages that could not be decoded. */
    public long decodeErrors() {
        return decodeErrors.get();
    }

    /** Input packets sent. */
    public long inputsSent() {
        return inputsSent.get();
    }

    /** Round-trip samples in milliseconds (a copy). */
    public synchronized List<Double> rttSamples() {
        return List.copyOf(rttMs);
    }

    /** Milliseconds from StartSession sent to Possession received, NaN until possessed. */
    public double timeToPossessMs() {
        return timeToPossessMs;
    }
}
