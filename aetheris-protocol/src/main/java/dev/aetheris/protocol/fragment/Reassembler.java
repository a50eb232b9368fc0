package dev.aetheris.protocol.fragment;

import dev.aetheris.protocol.MonotonicClock;
import dev.aetheris.protocol.Sizes;
import dev.aetheris.protocol.event.FragmentedEvent;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Rebuilds fragmented messages, per sender, with hard limits so a hostile sender cannot make the
 * server hold unbounded memory or replay messages (upstream had neither limit).
 *
 * <ul>
 *   <li>State is keyed by (sender, message id): senders cannot interfere with each other.</li>
 *   <li>A message expires {@code timeout} after its <em>first</em> fragment (not sliding).</li>
 *   <li>Per sender: at most {@code maxPendingMessages} incomplete messages and
 *       {@code maxPendingBytes} buffered bytes.</li>
 *   <li>A message may hold at most {@code maxMessageBytes} (by default
 *       {@link Sizes#MAX_REASSEMBLED_SIZE}, the single-message cap); a fragment that would make it
 *       larger is refused and the message is dropped.</li>
 *   <li>Totals must be 1..{@link Sizes#MAX_TOTAL_FRAGMENTS} and agree across a message's fragments;
 *       indices must be in range; the first copy of a duplicate fragment wins.</li>
 *   <li>A completed message is remembered for {@code timeout} and never delivered twice, also when
 *       it had a single fragment. If a sender completes so many messages that this memory is full,
 *       further messages are refused until old entries expire.</li>
 * </ul>
 *
 * <p>Every refusal is counted by {@link Rejection} reason; nothing here throws on bad input.
 * {@link #prune()} costs O(expired entries) because both pending and completed entries are kept in
 * arrival order.
 *
 * <p>Not thread-safe: owned by one room loop.
 */
public final class Reassembler {

    /** Why a fragment was refused. */
    public enum Rejection {
        /** {@code total_fragments} is 0 or over the limit. */
        INVALID_TOTAL,
        /** {@code fragment_index >= total_fragments}. */
        INDEX_OUT_OF_RANGE,
        /** The total differs from the one the message started with. */
        INCONSISTENT_TOTAL,
        /** This index already arrived; the first copy was kept. */
        DUPLICATE_FRAGMENT,
        /** The message was already delivered. */
        ALREADY_COMPLETED,
        /** The sender already has the maximum number of incomplete messages. */
        TOO_MANY_PENDING,
        /** Storing the fragment would exceed the sender's byte budget. */
        TOO_MANY_BYTES,
        /** A single fragment is larger than any datagram may be. */
        OVERSIZED_FRAGMENT,
        /** The message would grow past the largest message allowed; it is dropped. */
        MESSAGE_TOO_LARGE,
        /** The sender completed too many messages within the timeout. */
        HISTORY_FULL,
        /** The message did not complete within the timeout (counted once per message at prune). */
        EXPIRED
    }

    /** Default life of an incomplete message. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);
    /** Default per-sender cap on incomplete messages. */
    public static final int DEFAULT_MAX_PENDING_MESSAGES = 8;
    /** Default per-sender cap on buffered bytes. */
    public static final long DEFAULT_MAX_PENDING_BYTES = 2L * 1024 * 1024;
    /** Per-sender memory of completed message ids. */
    public static final int COMPLETED_HISTORY = 1024;

    private final MonotonicClock clock;
    private final long timeoutNanos;
    private final int maxPendingMessages;
    private final long maxPendingBytes;
    private final int maxMessageBytes;
    private final Map<Long, SenderState> senders = new HashMap<>();
    private final EnumMap<Rejection, Long> rejections = new EnumMap<>(Rejection.class);
    private long delivered;

    /** Defaults: 5 s timeout, 8 pending messages and 2 MiB per sender, system clock. */
    public Reassembler() {
        this(MonotonicClock.system(), DEFAULT_TIMEOUT, DEFAULT_MAX_PENDING_MESSAGES, DEFAULT_MAX_PENDING_BYTES);
    }

    /**
     * Messages of up to {@link Sizes#MAX_REASSEMBLED_SIZE} bytes.
     *
     * @param clock              time source for timeouts
     * @param timeout            life of an incomplete message, from its first fragment; positive
     * @param maxPendingMessages per-sender cap on incomplete messages; positive
     * @param maxPendingBytes    per-sender cap on buffered fragment bytes; positive
     */
    public Reassembler(MonotonicClock clock, Duration timeout, int maxPendingMessages, long maxPendingBytes) {
        this(clock, timeout, maxPendingMessages, maxPendingBytes, Sizes.MAX_REASSEMBLED_SIZE);
    }

    /**
     * @param clock              time source for timeouts
     * @param timeout            life of an incomplete message, from its first fragment; positive
     * @param maxPendingMessages per-sender cap on incomplete messages; positive
     * @param maxPendingBytes    per-sender cap on buffered fragment bytes; positive
     * @param maxMessageBytes    largest message delivered; positive
     */
    public Reassembler(MonotonicClock clock, Duration timeout, int maxPendingMessages, long maxPendingBytes,
                       int maxMessageBytes) {
        if (maxMessageBytes < 1) {
            throw new IllegalArgumentException("reassembled message cap must be positive, got " + maxMessageBytes);
        }
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("reassembly timeout must be positive, got " + timeout);
        }
        if (maxPendingMessages < 1 || maxPendingBytes < 1) {
            throw new IllegalArgumentException("reassembly caps must be positive");
        }
        this.clock = clock;
        this.timeoutNanos = timeout.toNanos();
        this.maxPendingMessages = maxPendingMessages;
        this.maxPendingBytes = maxPendingBytes;
        this.maxMessageBytes = maxMessageBytes;
        for (Rejection r : Rejection.values()) {
            rejections.put(r, 0L);
        }
    }

    /**
     * Adds one fragment from {@code sender}.
     *
     * @return the complete message when this fragment completes it, otherwise {@code null}
     */
    public byte[] ingest(long sender, FragmentedEvent fragment) {
        int total = fragment.totalFragments();
        int index = fragment.fragmentIndex();
        byte[] payload = fragment.payload();
        if (total < 1 || total > Sizes.MAX_TOTAL_FRAGMENTS) {
            return reject(Rejection.INVALID_TOTAL);
        }
        if (index < 0 || index >= total) {
            return reject(Rejection.INDEX_OUT_OF_RANGE);
        }
        if (payload.length > Sizes.MAX_SAFE_PAYLOAD_SIZE) {
            return reject(Rejection.OVERSIZED_FRAGMENT);
        }
        long now = clock.nanoTime();
        SenderState s = senders.get(sender);
        if (s == null) {
            s = new SenderState();
            senders.put(sender, s);
        }
        s.expireCompleted(now, timeoutNanos);
        long id = fragment.messageId();
        if (s.completedIds.contains(id)) {
            return reject(Rejection.ALREADY_COMPLETED);
        }
        Pending p = s.pending.get(id);
        if (p == null) {
            if (s.completedOrder.size() >= COMPLETED_HISTORY) {
                return reject(Rejection.HISTORY_FULL);
            }
            if (s.pending.size() >= maxPendingMessages) {
                return reject(Rejection.TOO_MANY_PENDING);
            }
            if (s.pendingBytes + payload.length > maxPendingBytes) {
                return reject(Rejection.TOO_MANY_BYTES);
            }
            if (total == 1) {
                s.complete(id, now);
                delivered++;
                return payload;
            }
            p = new Pending(now, total);
            s.pending.put(id, p);
        } else if (p.parts.length != total) {
            return reject(Rejection.INCONSISTENT_TOTAL);
        } else if (p.parts[index] != null) {
            return reject(Rejection.DUPLICATE_FRAGMENT);
        } else if (s.pendingBytes + payload.length > maxPendingBytes) {
            return reject(Rejection.TOO_MANY_BYTES);
        }
        if (p.bytes + payload.length > maxMessageBytes) {
            // Nothing of it could ever be delivered: free its bytes now rather than at the timeout.
            s.pending.remove(id);
            s.pendingBytes -= p.bytes;
            s.complete(id, now); // later fragments of it count as ALREADY_COMPLETED, not as a new message
            return reject(Rejection.MESSAGE_TOO_LARGE);
        }
        p.parts[index] = payload;
        p.received++;
        p.bytes += payload.length;
        s.pendingBytes += payload.length;
        if (p.received < total) {
            return null;
        }
        s.pending.remove(id);
        s.pendingBytes -= p.bytes;
        s.complete(id, now);
        byte[] message = new byte[Math.toIntExact(p.bytes)];
        int at = 0;
        for (byte[] part : p.parts) {
            System.arraycopy(part, 0, message, at, part.length);
            at += part.length;
        }
        delivered++;
        return message;
    }

    /** Drops incomplete messages and completion memory older than the timeout. */
    public void prune() {
        if (senders.isEmpty()) {
            return; // the common case, and it must not allocate an iterator every tick
        }
        long now = clock.nanoTime();
        Iterator<SenderState> it = senders.values().iterator();
        while (it.hasNext()) {
            SenderState s = it.next();
            Iterator<Pending> pit = s.pending.values().iterator();
            while (pit.hasNext()) {
                Pending p = pit.next();
                if (now - p.startNanos <= timeoutNanos) {
                    break; // insertion order = age order
                }
                s.pendingBytes -= p.bytes;
                pit.remove();
                count(Rejection.EXPIRED);
            }
            s.expireCompleted(now, timeoutNanos);
            if (s.pending.isEmpty() && s.completedOrder.isEmpty()) {
                it.remove();
            }
        }
    }

    /** Forgets everything about a sender (it disconnected). */
    public void removeSender(long sender) {
        senders.remove(sender);
    }

    /** Incomplete messages across all senders. */
    public int pendingMessages() {
        int n = 0;
        for (SenderState s : senders.values()) {
            n += s.pending.size();
        }
        return n;
    }

    /** Incomplete messages of one sender. */
    public int pendingMessages(long sender) {
        SenderState s = senders.get(sender);
        return s == null ? 0 : s.pending.size();
    }

    /** Bytes buffered for one sender. */
    public long pendingBytes(long sender) {
        SenderState s = senders.get(sender);
        return s == null ? 0 : s.pendingBytes;
    }

    /** Senders with any state. */
    public int trackedSenders() {
        return senders.size();
    }

    /** How many fragments were refused for {@code reason} (messages, for {@link Rejection#EXPIRED}). */
    public long rejected(Rejection reason) {
        return rejections.get(reason);
    }

    /** Refusals of every reason. */
    public long rejectedTotal() {
        long n = 0;
        for (long v : rejections.values()) {
            n += v;
        }
        return n;
    }

    /** Messages delivered complete. */
    public long delivered() {
        return delivered;
    }

    private byte[] reject(Rejection reason) {
        count(reason);
        return null;
    }

    private void count(Rejection reason) {
        rejections.merge(reason, 1L, Long::sum);
    }

    private static final class SenderState {
        final LinkedHashMap<Long, Pending> pending = new LinkedHashMap<>();
        final ArrayDeque<long[]> completedOrder = new ArrayDeque<>();
        final Set<Long> completedIds = new HashSet<>();
        long pendingBytes;

        void complete(long id, long now) {
            completedIds.add(id);
            completedOrder.addLast(new long[] {id, now});
        }

        void expireCompleted(long now, long timeoutNanos) {
            while (!completedOrder.isEmpty() && now - completedOrder.peekFirst()[1] > timeoutNanos) {
                completedIds.remove(completedOrder.pollFirst()[0]);
            }
        }
    }

    private static final class Pending {
        final long startNanos;
        final byte[][] parts;
        int received;
        long bytes;

        Pending(long startNanos, int total) {
            this.startNanos = startNanos;
            this.parts = new byte[total][];
        }
    }
}
