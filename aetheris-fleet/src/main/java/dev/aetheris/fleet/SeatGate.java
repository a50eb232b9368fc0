package dev.aetheris.fleet;

import java.time.InstantSource;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.LongAdder;

/**
 * This node's judge of seat reservations: signature, node, room, player, deadline, and single
 * use. A reservation is honoured only by the node that runs its room, so remembering the nonces
 * used here until they expire is enough to make each one single-use cluster-wide. No I/O: room
 * loops call {@link #claim}; the heartbeat thread calls {@link #prune} and drains
 * {@link #pollConsumed} to release held seats in the directory.
 *
 * <p>Thread-safe.
 */
public final class SeatGate {
    private final SeatTokens tokens;
    private final String nodeId;
    private final InstantSource clock;
    private final ConcurrentHashMap<String, Long> used = new ConcurrentHashMap<>();
    private final ConcurrentLinkedQueue<String> consumed = new ConcurrentLinkedQueue<>();
    private final LongAdder[] refusals = new LongAdder[SeatRefusal.values().length];
    private final LongAdder accepted = new LongAdder();

    /**
     * @param tokens the cluster's signer
     * @param nodeId this node
     * @param clock  wall clock (reservation deadlines are wall-clock milliseconds)
     */
    public SeatGate(SeatTokens tokens, String nodeId, InstantSource clock) {
        this.tokens = tokens;
        this.nodeId = nodeId;
        this.clock = clock;
        for (int i = 0; i < refusals.length; i++) {
            refusals[i] = new LongAdder();
        }
    }

    /**
     * The reservation if it is genuine and for this node, else null; nothing is consumed or
     * counted. The router uses it to pick the room a connection goes to; the room then claims.
     */
    public Reservation peek(String token) {
        Reservation r = tokens.verify(token);
        return r != null && r.nodeId().equals(nodeId) ? r : null;
    }

    /**
     * Takes the seat in {@code roomId} for {@code playerId}: null if granted (the reservation is
     * used up), else the refusal, counted.
     */
    public SeatRefusal claim(String token, String roomId, String playerId) {
        Reservation r = tokens.verify(token);
        SeatRefusal why;
        if (r == null) {
            why = SeatRefusal.FORGED;
        } else if (!r.nodeId().equals(nodeId) || !r.roomId().equals(roomId)) {
            why = SeatRefusal.WRONG_NODE;
        } else if (!r.playerId().equals(playerId)) {
            why = SeatRefusal.WRONG_PLAYER;
        } else if (clock.millis() > r.expiresAt()) {
            why = SeatRefusal.EXPIRED;
        } else if (used.putIfAbsent(r.nonce(), r.expiresAt()) != null) {
            why = SeatRefusal.REUSED;
        } else {
            accepted.increment();
            consumed.offer(r.nonce());
            return null;
        }
        refusals[why.ordinal()].increment();
        return why;
    }

    /** Counts a refusal decided elsewhere (the router found no room for a genuine reservation). */
    public void refuse(SeatRefusal why) {
        refusals[why.ordinal()].increment();
    }

    /** Refusals so far for {@code why}. */
    public long refused(SeatRefusal why) {
        return refusals[why.ordinal()].sum();
    }

    /** Seats granted so far. */
    public long accepted() {
        return accepted.sum();
    }

    /** A nonce used since the last call, or null: its seat is no longer held in the directory. */
    public String pollConsumed() {
        return consumed.poll();
    }

    /** Forgets used nonces whose reservation has expired anyway. */
    public void prune() {
        long now = clock.millis();
        used.values().removeIf(expiry -> expiry < now);
    }
}
