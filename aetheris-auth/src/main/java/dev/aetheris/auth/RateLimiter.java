package dev.aetheris.auth;

import java.util.concurrent.ConcurrentHashMap;

/**
 * At most {@code limit} events per key in any sliding window of {@code windowMillis}. Each key keeps
 * the times of its last {@code limit} admitted events in a ring; a request is admitted when the ring
 * is not full or its oldest entry has left the window. Updates run inside
 * {@link ConcurrentHashMap#compute}, so concurrent requests for one key are counted exactly.
 */
final class RateLimiter {
    private static final class Window {
        final long[] times;
        int head;
        int size;

        Window(int limit) {
            times = new long[limit];
        }
    }

    private final int limit;
    private final long windowMillis;
    private final ConcurrentHashMap<String, Window> windows = new ConcurrentHashMap<>();

    RateLimiter(int limit, long windowMillis) {
        if (limit <= 0 || windowMillis <= 0) {
            throw new IllegalArgumentException("limit and window must be positive");
        }
        this.limit = limit;
        this.windowMillis = windowMillis;
    }

    /** Records an event for {@code key} if allowed. @return 0 if admitted, else milliseconds until it would be */
    long tryAcquire(String key, long now) {
        long[] wait = new long[1];
        windows.compute(key, (k, w) -> {
            if (w == null) {
                w = new Window(limit);
            }
            if (w.size == limit) {
                long oldest = w.times[w.head];
                if (now - oldest < windowMillis) {
                    wait[0] = oldest + windowMillis - now;
                    return w;
                }
                w.head = (w.head + 1) % limit;
                w.size--;
            }
            w.times[(w.head + w.size) % limit] = now;
            w.size++;
            return w;
        });
        return wait[0];
    }

    /** Forgets keys whose every event has left the window. */
    void sweep(long now) {
        for (String k : windows.keySet()) {
            windows.computeIfPresent(k, (key, w) -> {
                long newest = w.times[(w.head + w.size - 1 + limit) % limit];
                return w.size == 0 || now - newest >= windowMillis ? null : w;
            });
        }
    }

    /** Keys currently tracked. */
    int trackedKeys() {
        return windows.size();
    }
}
