package dev.aetheris.transport;

import dev.aetheris.protocol.Sizes;
import java.time.Duration;

/**
 * Per-connection and per-IP limits shared by every transport of a {@link NettyGameTransport}.
 *
 * @param authDeadline             time a new connection has to be marked authenticated before it is closed
 * @param idleTimeout              silence after which a connection counts as vanished
 * @param maxMessageSize           largest reliable message (either direction) in bytes
 * @param connectionsPerSecondPerIp sustained new connections per second one IP address may open
 * @param connectionBurstPerIp     new connections one IP may open at once (token bucket size)
 * @param inboundBytesPerSecond    inbound byte budget per connection per second
 * @param inboundMessagesPerSecond inbound message budget per connection per second
 * @param abuseWindows             consecutive over-budget seconds after which a connection is closed
 * @param unreliableQueueCapacity  outbound datagrams one tick (between two flushes) may queue per connection;
 *                                 an older tick's state is superseded, never queued behind it
 * @param reliableQueueCapacity    outbound reliable messages queued per connection between flushes
 * @param inboundQueueCapacity     inbound messages buffered for the room loop across all connections
 * @param httpRequestTimeout       time a plain HTTP request may take to arrive, headers and body, from
 *                                 its first byte (slow senders are closed with 408)
 * @param httpConnectionsPerIp     plain HTTP connections one IP may hold open at once (WebSocket
 *                                 connections stop counting once upgraded)
 *
 * <p>Queue capacities are rounded up to a power of two (the lock-free queues need it).
 */
public record TransportLimits(Duration authDeadline, Duration idleTimeout, int maxMessageSize,
                              double connectionsPerSecondPerIp, int connectionBurstPerIp,
                              long inboundBytesPerSecond, int inboundMessagesPerSecond, int abuseWindows,
                              int unreliableQueueCapacity, int reliableQueueCapacity, int inboundQueueCapacity,
                              Duration httpRequestTimeout, int httpConnectionsPerIp) {

    /**
     * Production defaults: 5 s to authenticate, 15 s idle timeout, 64 KiB messages, 20 new
     * connections per second per IP with a burst of 40, 256 KiB and 1,000 messages per second per
     * connection (a 60 Hz client sends ~120), closed after 3 s of abuse; 256 datagrams and 1,024
     * reliable messages queued per connection; 16,384 inbound messages buffered (8 MiB retained);
     * 10 s for an HTTP request to arrive and 64 plain HTTP connections per IP (a browser opens
     * about six; the rest is room for users behind one NAT).
     */
    public static final TransportLimits DEFAULT = new TransportLimits(Duration.ofSeconds(5), Duration.ofSeconds(15),
            Sizes.MAX_RELIABLE_MESSAGE_SIZE, 20, 40, 256 * 1024, 1_000, 3, 256, 1_024, 16_384, Duration.ofSeconds(10),
            64);

    /** Hard cap: a window this many times over budget closes the connection at once. */
    static final int HARD_BUDGET_FACTOR = 4;

    /**
     * Validates every field.
     *
     * @throws IllegalArgumentException naming the setting that is out of range
     */
    public TransportLimits {
        requirePositive("auth-deadline", authDeadline);
        requirePositive("idle-timeout", idleTimeout);
        if (maxMessageSize < Sizes.MAX_SAFE_PAYLOAD_SIZE || maxMessageSize > 16 * 1024 * 1024) {
            throw new IllegalArgumentException("max-message-size must be between " + Sizes.MAX_SAFE_PAYLOAD_SIZE
                    + " and 16777216 bytes, got " + maxMessageSize);
        }
        if (!(connectionsPerSecondPerIp > 0) || Double.isInfinite(connectionsPerSecondPerIp)) {
            throw new IllegalArgumentException("connections-per-second-per-ip must be a positive number, got "
                    + connectionsPerSecondPerIp);
        }
        requireAtLeast("connection-burst-per-ip", connectionBurstPerIp, 1);
        if (inboundBytesPerSecond < maxMessageSize) {
            throw new IllegalArgumentException("inbound-bytes-per-second must be at least max-message-size ("
                    + maxMessageSize + "), got " + inboundBytesPerSecond);
        }
        requireAtLeast("inbound-messages-per-second", inboundMessagesPerSecond, 1);
        requireAtLeast("abuse-windows", abuseWindows, 1);
        requireAtLeast("unreliable-queue-capacity", unreliableQueueCapacity, 1);
        requireAtLeast("reliable-queue-capacity", reliableQueueCapacity, 1);
        requireAtLeast("inbound-queue-capacity", inboundQueueCapacity, 16);
        requirePositive("http-request-timeout", httpRequestTimeout);
        requireAtLeast("http-connections-per-ip", httpConnectionsPerIp, 1);
    }

    /** A copy with other auth and idle deadlines (tests use short ones). */
    public TransportLimits withDeadlines(Duration auth, Duration idle) {
        return new TransportLimits(auth, idle, maxMessageSize, connectionsPerSecondPerIp, connectionBurstPerIp,
                inboundBytesPerSecond, inboundMessagesPerSecond, abuseWindows, unreliableQueueCapacity,
                reliableQueueCapacity, inboundQueueCapacity, httpRequestTimeout, httpConnectionsPerIp);
    }

    /** A copy with another per-IP connection rate. */
    public TransportLimits withConnectionRate(double perSecond, int burst) {
        return new TransportLimits(authDeadline, idleTimeout, maxMessageSize, perSecond, burst,
                inboundBytesPerSecond, inboundMessagesPerSecond, abuseWindows, unreliableQueueCapacity,
                reliableQueueCapacity, inboundQueueCapacity, httpRequestTimeout, httpConnectionsPerIp);
    }

    /** A copy with other inbound budgets. */
    public TransportLimits withInboundBudget(long bytesPerSecond, int messagesPerSecond, int windows) {
        return new TransportLimits(authDeadline, idleTimeout, maxMessageSize, connectionsPerSecondPerIp,
                connectionBurstPerIp, bytesPerSecond, messagesPerSecond, windows, unreliableQueueCapacity,
                reliableQueueCapacity, inboundQueueCapacity, httpRequestTimeout, httpConnectionsPerIp);
    }

    /** A copy with other outbound queue capacities. */
    public TransportLimits withQueues(int unreliable, int reliable) {
        return new TransportLimits(authDeadline, idleTimeout, maxMessageSize, connectionsPerSecondPerIp,
                connectionBurstPerIp, inboundBytesPerSecond, inboundMessagesPerSecond, abuseWindows, unreliable,
                reliable, inboundQueueCapacity, httpRequestTimeout, httpConnectionsPerIp);
    }

    /** A copy with another HTTP request timeout and per-IP HTTP connection cap. */
    public TransportLimits withHttp(Duration requestTimeout, int connectionsPerIp) {
        return new TransportLimits(authDeadline, idleTimeout, maxMessageSize, connectionsPerSecondPerIp,
                connectionBurstPerIp, inboundBytesPerSecond, inboundMessagesPerSecond, abuseWindows,
                unreliableQueueCapacity, reliableQueueCapacity, inboundQueueCapacity, requestTimeout, connectionsPerIp);
    }

    private static void requirePositive(String name, Duration d) {
        if (d == null || d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be a positive duration, got " + d);
        }
    }

    private static void requireAtLeast(String name, long v, long min) {
        if (v < min) {
            throw new IllegalArgumentException(name + " must be at least " + min + ", got " + v);
        }
    }
}
