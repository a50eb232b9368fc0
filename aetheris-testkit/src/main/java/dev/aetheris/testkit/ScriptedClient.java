package dev.aetheris.testkit;

import dev.aetheris.protocol.seam.DisconnectReason;
import java.util.List;

/**
 * One simulated client of an {@link InMemoryTransport}: sends bytes to the server and reads what
 * the server sent it. Thread-safe.
 */
public final class ScriptedClient {
    private final InMemoryTransport transport;
    private final long id;
    final MessageQueue unreliableOut;
    final MessageQueue reliableOut;
    final int unreliableLimit;
    volatile boolean open = true;
    volatile String closeReason;
    volatile int sendCapacity = Integer.MAX_VALUE;

    ScriptedClient(InMemoryTransport transport, long id, int unreliableCapacity, int reliableCapacity,
                   int unreliableLimit) {
        this.transport = transport;
        this.id = id;
        this.unreliableLimit = unreliableLimit;
        this.unreliableOut = new MessageQueue(unreliableCapacity);
        this.reliableOut = new MessageQueue(reliableCapacity);
    }

    /** The {@code ClientId} the transport assigned. */
    public long id() {
        return id;
    }

    /** Sends on the reliable, ordered channel. @throws IllegalStateException if closed */
    public void sendReliable(byte[] data) {
        transport.clientSend(this, data.clone(), true);
    }

    /** Sends a datagram (subject to the transport's faults). @throws IllegalStateException if closed */
    public void sendUnreliable(byte[] data) {
        transport.clientSend(this, data.clone(), false);
    }

    /** Closes the connection from the client side. */
    public void disconnect() {
        transport.clientClose(this, DisconnectReason.CLIENT_DISCONNECTED);
    }

    /** Ends the connection the way a transport would report it (session closed, stream reset…). */
    public void drop(DisconnectReason reason) {
        transport.clientClose(this, reason);
    }

    /** Takes every reliable message the server sent since the last call, oldest first. */
    public List<byte[]> takeReliable() {
        synchronized (transport.lock()) {
            return reliableOut.drain();
        }
    }

    /** Takes every datagram the server sent since the last call, oldest first. */
    public List<byte[]> takeUnreliable() {
        synchronized (transport.lock()) {
            return unreliableOut.drain();
        }
    }

    /** Throws away everything received so far (keeps queues from filling in long runs). */
    public int discardReceived() {
        synchronized (transport.lock()) {
            return unreliableOut.discard() + reliableOut.discard();
        }
    }

    /** Datagrams the server could not queue because this client's queue was full. */
    public long droppedUnreliable() {
        synchronized (transport.lock()) {
            return unreliableOut.dropped();
        }
    }

    /**
     * Sets what {@link InMemoryTransport#sendCapacity} reports for this client from now on (a test's
     * stand-in for a congestion window); {@code Integer.MAX_VALUE}, the default, means no limit.
     *
     * @throws IllegalArgumentException if {@code bytes} is negative
     */
    public void setSendCapacity(int bytes) {
        if (bytes < 0) {
            throw new IllegalArgumentException("send capacity must be >= 0 bytes, got " + bytes);
        }
        sendCapacity = bytes;
    }

    /** Whether the connection is open. */
    public boolean isConnected() {
        return open;
    }

    /** Why the connection closed, or {@code null} while open. */
    public String closeReason() {
        return closeReason;
    }
}
