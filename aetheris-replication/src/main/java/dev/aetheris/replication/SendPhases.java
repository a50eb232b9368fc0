package dev.aetheris.replication;

import java.util.Arrays;

/**
 * How a {@link Replicator} spreads its clients' sends over the calls of a round: each client has
 * a phase, given when it joins (the one with the fewest clients), and is sent to on the calls
 * where {@code calls % phases} equals it. Per call it knows the phase served, the round (each
 * client has one send per round) and when that phase was last sent to, which is what "changed
 * since the previous send" means for its clients.
 *
 * <p><b>Threading.</b> Not thread-safe: the room's loop thread. Allocation-free after construction.
 */
final class SendPhases {
    private final int[] clients;
    private final long[] sentAt;
    private long calls;
    private int phase;
    private long round;
    private long previous = ClientView.NEVER;

    /** @throws IllegalArgumentException if {@code phases < 1} */
    SendPhases(int phases) {
        if (phases < 1) {
            throw new IllegalArgumentException("send phases must be at least 1, got " + phases);
        }
        clients = new int[phases];
        sentAt = new long[phases];
        Arrays.fill(sentAt, ClientView.NEVER);
    }

    /** A client joins: returns its phase, the one with the fewest clients (the lowest of equals). */
    int join() {
        int p = 0;
        for (int i = 1; i < clients.length; i++) {
            p = clients[i] < clients[p] ? i : p;
        }
        clients[p]++;
        return p;
    }

    /** A client of phase {@code p} leaves. */
    void leave(int p) {
        clients[p]--;
    }

    /** A call at {@code tick} starts: returns the phase it serves. */
    int next(long tick) {
        phase = (int) (calls % clients.length);
        round = calls / clients.length + 1;
        calls++;
        previous = sentAt[phase];
        sentAt[phase] = tick;
        return phase;
    }

    /** The round of the current call, from 1. */
    long round() {
        return round;
    }

    /** The tick the current call's phase was last sent at ({@link ClientView#NEVER} on its first). */
    long previousSend() {
        return previous;
    }
}
