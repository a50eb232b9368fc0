package dev.aetheris.protocol.seam;

import dev.aetheris.protocol.event.GameEvent;
import java.util.Arrays;

/**
 * The queue behind {@link WorldState#queueReliableEvent} and
 * {@link WorldState#extractReliableEvents}: (target, event) pairs in order, kept in reused arrays
 * without boxing the target. Not thread-safe: owned by one world.
 */
public final class ReliableEventQueue {
    private long[] targets = new long[16];
    private GameEvent[] events = new GameEvent[16];
    private int size;

    /** Queues {@code event} for {@code targetClientId} or {@link ReliableEventSink#BROADCAST}. */
    public void add(long targetClientId, GameEvent event) {
        if (size == targets.length) {
            targets = Arrays.copyOf(targets, size * 2);
            events = Arrays.copyOf(events, size * 2);
        }
        targets[size] = targetClientId;
        events[size] = event;
        size++;
    }

    /** Hands every queued event to {@code sink}, oldest first, and empties the queue. */
    public void drainTo(ReliableEventSink sink) {
        for (int i = 0; i < size; i++) {
            sink.event(targets[i], events[i]);
            events[i] = null;
        }
        size = 0;
    }

    /** Events waiting. */
    public int size() {
        return size;
    }
}
