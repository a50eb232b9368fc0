package dev.aetheris.transport;

import java.net.InetAddress;
import java.util.concurrent.ConcurrentHashMap;

/**
 * How many connections each IP holds open now, with a cap. Taken on event loops when a connection
 * opens and given back when it ends (rare next to messages, so a concurrent map is fine); an
 * address whose count drops to zero is forgotten, so the map holds only addresses with open
 * connections.
 */
final class IpConnectionSlots {
    private final int perIp;
    private final ConcurrentHashMap<InetAddress, Integer> open = new ConcurrentHashMap<>();

    IpConnectionSlots(int perIp) {
        this.perIp = perIp;
    }

    /** Takes a slot for {@code address}; false (and nothing taken) if it already holds {@code perIp}. */
    boolean tryAcquire(InetAddress address) {
        boolean[] taken = new boolean[1];
        open.compute(address, (a, n) -> {
            int now = n == null ? 0 : n;
            if (now >= perIp) {
                return n;
            }
            taken[0] = true;
            return now + 1;
        });
        return taken[0];
    }

    /** Gives back a slot taken by {@link #tryAcquire}. */
    void release(InetAddress address) {
        open.computeIfPresent(address, (a, n) -> n <= 1 ? null : n - 1);
    }

    /** Slots {@code address} holds now. */
    int held(InetAddress address) {
        return open.getOrDefault(address, 0);
    }
}
