package dev.aetheris.transport;

import java.net.InetAddress;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Per-IP token buckets for new connections, shared by every transport so a flood cannot dodge the
 * limit by switching protocol. Called on event loops when a connection arrives (rare compared to
 * messages), so a concurrent map is fine here.
 */
final class IpRateLimiter {
    /** Beyond this many tracked addresses, full (idle) buckets are forgotten. */
    private static final int PRUNE_THRESHOLD = 10_000;

    private static final class Bucket {
        double tokens;
        long lastNanos;
    }

    private final double perSecond;
    private final int burst;
    private final ConcurrentHashMap<InetAddress, Bucket> buckets = new ConcurrentHashMap<>();

    IpRateLimiter(double perSecond, int burst) {
        this.perSecond = perSecond;
        this.burst = burst;
    }

    /** Takes one token for {@code address}; false if its bucket is empty. */
    boolean tryAcquire(InetAddress address, long nowNanos) {
        if (buckets.size() > PRUNE_THRESHOLD) {
            prune(nowNanos);
        }
        Bucket b = buckets.computeIfAbsent(address, a -> {
            Bucket n = new Bucket();
            n.tokens = burst;
            n.lastNanos = nowNanos;
            return n;
        });
        synchronized (b) {
            refill(b, nowNanos);
            if (b.tokens >= 1.0) {
                b.tokens -= 1.0;
                return true;
            }
            return false;
        }
    }

    private void refill(Bucket b, long nowNanos) {
        long elapsed = nowNanos - b.lastNanos;
        if (elapsed > 0) {
            b.tokens = Math.min(burst, b.tokens + elapsed * perSecond / 1e9);
            b.lastNanos = nowNanos;
        }
    }

    private void prune(long nowNanos) {
        buckets.entrySet().removeIf(e -> {
            Bucket b = e.getValue();
            synchronized (b) {
                refill(b, nowNanos);
                return b.tokens >= burst;
            }
        });
    }
}
