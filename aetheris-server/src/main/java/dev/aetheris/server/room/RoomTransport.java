package dev.aetheris.server.room;

import dev.aetheris.protocol.error.TransportException;
import dev.aetheris.protocol.seam.DisconnectReason;
import dev.aetheris.protocol.seam.GameTransport;
import dev.aetheris.protocol.seam.InboundHandler;
import dev.aetheris.protocol.seam.SendResult;
import dev.aetheris.protocol.util.LongMap;
import dev.aetheris.server.tick.InboundBuffer;

/**
 * One room's view of the shared transport: the room loop polls only the connections routed to
 * it, and its sends go to the shared transport under the {@link TransportMux}'s lock.
 *
 * <p><b>Threading.</b> As {@link GameTransport}: every method is called by this room's loop
 * thread, except the {@code deliver*} methods (the routing thread, holding the mux lock) and
 * {@link #connectedCount} (any thread). Events cross between the two through a pair of
 * {@link InboundBuffer}s swapped under this object's monitor, so neither side allocates.
 */
public final class RoomTransport implements GameTransport {
    private static final Object MEMBER = new Object();

    private final TransportMux mux;
    private final GameTransport net;
    private InboundBuffer writing = new InboundBuffer();
    private InboundBuffer reading = new InboundBuffer();
    private final LongMap<Object> members = new LongMap<>();
    private final Tracker tracker = new Tracker();
    /** Connections routed here and not yet gone; written under the mux lock. */
    int routed;
    /** Set under the mux lock once the room is being disposed; nothing is routed here after. */
    boolean retired;
    private volatile int connected;

    RoomTransport(TransportMux mux, GameTransport net) {
        this.mux = mux;
        this.net = net;
    }

    // ------------------------------------------------------------ routing thread (mux lock held)

    void deliverConnected(long id) {
        synchronized (this) {
            writing.onConnected(id);
        }
    }

    void deliverMessage(long id, byte[] data, int off, int len, boolean reliable) {
        synchronized (this) {
            writing.onMessage(id, data, off, len, reliable);
        }
    }

    void deliverDisconnected(long id, DisconnectReason reason) {
        synchronized (this) {
            writing.onDisconnected(id, reason);
        }
    }

    /** Whether no connection is routed here (read without the lock: a hint for the reaper). */
    boolean unused() {
        return routed == 0;
    }

    // ------------------------------------------------------------ room loop

    @Override
    public void poll(InboundHandler handler) throws TransportException {
        mux.pump();
        InboundBuffer batch;
        synchronized (this) {
            batch = writing;
            writing = reading;
            reading = batch;
        }
        tracker.target = handler;
        try {
            batch.replay(tracker);
        } finally {
            tracker.target = null;
            batch.clear();
        }
    }

    @Override
    public SendResult sendUnreliable(long clientId, byte[] data, int offset, int length) {
        mux.lock.lock();
        try {
            return net.sendUnreliable(clientId, data, offset, length);
        } finally {
            mux.lock.unlock();
        }
    }

    @Override
    public SendResult sendReliable(long clientId, byte[] data, int offset, int length) {
        mux.lock.lock();
        try {
            return net.sendReliable(clientId, data, offset, length);
        } finally {
            mux.lock.unlock();
        }
    }

    /** Queues a datagram to every connection of this room (not of the process). */
    @Override
    public int broadcastUnreliable(byte[] data, int offset, int length) {
        int n = 0;
        for (int i = 0; i < members.capacity(); i++) {
            if (members.valueAt(i) != null && sendUnreliable(members.keyAt(i), data, offset, length) == SendResult.SENT) {
                n++;
            }
        }
        return n;
    }

    @Override
    public void disconnect(long clientId, String reason) {
        mux.lock.lock();
        try {
            net.disconnect(clientId, reason);
        } finally {
            mux.lock.unlock();
        }
    }

    /** Closes every connection of this room (its disposal or the end of a drain). Room loop or after it stopped. */
    void disconnectAll(String reason) {
        for (int i = 0; i < members.capacity(); i++) {
            if (members.valueAt(i) != null) {
                disconnect(members.keyAt(i), reason);
            }
        }
    }

    @Override
    public void authenticated(long clientId) {
        mux.lock.lock();
        try {
            net.authenticated(clientId);
        } finally {
            mux.lock.unlock();
        }
    }

    @Override
    public int maxUnreliableSize(long clientId) {
        mux.lock.lock();
        try {
            return net.maxUnreliableSize(clientId);
        } finally {
            mux.lock.unlock();
        }
    }

    @Override
    public void flush() {
        mux.lock.lock();
        try {
            net.flush();
        } finally {
            mux.lock.unlock();
        }
    }

    /** Connections of this room the loop knows. Any thread. */
    @Override
    public int connectedCount() {
        return connected;
    }

    /** Forwards to the room's handler while keeping the member set (for broadcasts and disposal). */
    private final class Tracker implements InboundHandler {
        InboundHandler target;

        @Override
        public void onConnected(long clientId) {
            members.put(clientId, MEMBER);
            connected = members.size();
            target.onConnected(clientId);
        }

        @Override
        public void onDisconnected(long clientId, DisconnectReason reason) {
            members.remove(clientId);
            connected = members.size();
            target.onDisconnected(clientId, reason);
        }

        @Override
        public void onMessage(long clientId, byte[] data, int offset, int length, boolean reliable) {
            target.onMessage(clientId, data, offset, length, reliable);
        }
    }
}
