package dev.aetheris.testkit;

import dev.aetheris.protocol.Sizes;
import dev.aetheris.protocol.error.TransportError;
import dev.aetheris.protocol.error.TransportException;
import dev.aetheris.protocol.seam.DisconnectReason;
import dev.aetheris.protocol.seam.GameTransport;
import dev.aetheris.protocol.seam.InboundHandler;
import dev.aetheris.protocol.seam.SendResult;
import dev.aetheris.protocol.util.LongMap;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * A {@link GameTransport} that lives in memory, for tests and benchmarks: {@link ScriptedClient}s
 * connect, send and read what the server sent, and faults (poll errors, dropped, duplicated and
 * reordered datagrams, full queues) can be injected.
 *
 * <p>Limits match a real transport: datagrams up to {@link Sizes#MAX_SAFE_PAYLOAD_SIZE}, reliable
 * messages up to {@link Sizes#MAX_RELIABLE_MESSAGE_SIZE}, bounded per-client outbound queues.
 *
 * <p>Thread-safe: clients may be driven from a test thread while the room loop polls and sends.
 * Steady-state sends and polls allocate nothing on the room-loop thread.
 */
public final class InMemoryTransport implements GameTransport {

    /**
     * @param unreliableQueueCapacity datagrams a client's outbound queue holds before dropping
     * @param reliableQueueCapacity   reliable messages a client's outbound queue holds before refusing
     * @param faults                  inbound datagram faults
     * @param firstClientId           id of the first client; later ones count up
     */
    public record Options(int unreliableQueueCapacity, int reliableQueueCapacity, Faults faults, long firstClientId) {
        /** Roomy queues, no faults, ids from 1. */
        public static final Options DEFAULT = new Options(4096, 4096, Faults.NONE, 1);

        /** A copy with other queue capacities. */
        public Options withQueues(int unreliable, int reliable) {
            return new Options(unreliable, reliable, faults, firstClientId);
        }

        /** A copy with other faults. */
        public Options withFaults(Faults f) {
            return new Options(unreliableQueueCapacity, reliableQueueCapacity, f, firstClientId);
        }
    }

    private static final int CONNECTED = 1;
    private static final int MESSAGE = 2;
    private static final int DISCONNECTED = 3;

    /** An inbound event; pooled so polling allocates nothing in steady state. */
    private static final class Inbound {
        int type;
        long clientId;
        boolean reliable;
        DisconnectReason reason;
        byte[] data = new byte[64];
        int length;
    }

    private final Object lock = new Object();
    private final Options options;
    private final RandomGenerator faultRandom;
    private final LongMap<ScriptedClient> clients = new LongMap<>();
    private ArrayDeque<Inbound> inbound = new ArrayDeque<>();
    private ArrayDeque<Inbound> draining = new ArrayDeque<>();
    private final ArrayDeque<Inbound> pool = new ArrayDeque<>();
    private long nextClientId;
    private int failPolls;
    private long sentUnreliable;
    private long sentReliable;

    /** A transport with {@link Options#DEFAULT}. */
    public InMemoryTransport() {
        this(Options.DEFAULT);
    }

    /** @param options limits and faults */
    public InMemoryTransport(Options options) {
        this.options = options;
        this.faultRandom = options.faults().random();
        this.nextClientId = options.firstClientId();
    }

    /** Opens a new connection; the server learns of it at its next poll. */
    public ScriptedClient connect() {
        return connect(Sizes.MAX_SAFE_PAYLOAD_SIZE);
    }

    /**
     * Opens a connection like a stream transport's (WebSocket): unreliable sends ride the stream,
     * so they may be as large as a reliable message.
     */
    public ScriptedClient connectStream() {
        return connect(Sizes.MAX_RELIABLE_MESSAGE_SIZE);
    }

    private ScriptedClient connect(int unreliableLimit) {
        synchronized (lock) {
            long id = nextClientId++;
            ScriptedClient c = new ScriptedClient(this, id, options.unreliableQueueCapacity(),
                    options.reliableQueueCapacity(), unreliableLimit);
            clients.put(id, c);
            Inbound e = obtain(CONNECTED, id);
            inbound.addLast(e);
            return c;
        }
    }

    /** Makes the next {@code n} polls fail with a transport error. */
    public void failNextPolls(int n) {
        synchronized (lock) {
            failPolls = n;
        }
    }

    /** Datagrams the server has queued to clients so far. */
    public long sentUnreliableCount() {
        synchronized (lock) {
            return sentUnreliable;
        }
    }

    /** Reliable messages the server has queued to clients so far. */
    public long sentReliableCount() {
        synchronized (lock) {
            return sentReliable;
        }
    }

    @Override
    public void poll(InboundHandler handler) throws TransportException {
        synchronized (lock) {
            if (failPolls > 0) {
                failPolls--;
                throw new TransportException(new TransportError.Io("injected poll failure"));
            }
            ArrayDeque<Inbound> t = inbound;
            inbound = draining;
            draining = t;
        }
        // Deliver outside the lock so handlers may call send methods freely.
        Inbound e;
        while ((e = draining.pollFirst()) != null) {
            switch (e.type) {
                case CONNECTED -> handler.onConnected(e.clientId);
                case MESSAGE -> handler.onMessage(e.clientId, e.data, 0, e.length, e.reliable);
                case DISCONNECTED -> handler.onDisconnected(e.clientId, e.reason);
                default -> throw new IllegalStateException("unknown inbound type " + e.type);
            }
            synchronized (lock) {
                pool.addLast(e);
            }
        }
    }

    @Override
    public SendResult sendUnreliable(long clientId, byte[] data, int offset, int length) {
        synchronized (lock) {
            ScriptedClient c = clients.get(clientId);
            if (c == null || !c.open) {
                return SendResult.NOT_CONNECTED;
            }
            if (length > c.unreliableLimit) {
                return SendResult.TOO_LARGE;
            }
            if (!c.unreliableOut.offer(data, offset, length)) {
                return SendResult.QUEUE_FULL;
            }
            sentUnreliable++;
            return SendResult.SENT;
        }
    }

    @Override
    public SendResult sendReliable(long clientId, byte[] data, int offset, int length) {
        if (length > Sizes.MAX_RELIABLE_MESSAGE_SIZE) {
            return SendResult.TOO_LARGE;
        }
        synchronized (lock) {
            ScriptedClient c = clients.get(clientId);
            if (c == null || !c.open) {
                return SendResult.NOT_CONNECTED;
            }
            if (!c.reliableOut.offer(data, offset, length)) {
                return SendResult.QUEUE_FULL;
            }
            sentReliable++;
            return SendResult.SENT;
        }
    }

    @Override
    public int broadcastUnreliable(byte[] data, int offset, int length) {
        if (length > Sizes.MAX_SAFE_PAYLOAD_SIZE) {
            return 0;
        }
        int n = 0;
        synchronized (lock) {
            for (int i = 0; i < clients.capacity(); i++) {
                ScriptedClient c = clients.valueAt(i);
                if (c != null && c.open && c.unreliableOut.offer(data, offset, length)) {
                    sentUnreliable++;
                    n++;
                }
            }
        }
        return n;
    }

    @Override
    public void disconnect(long clientId, String reason) {
        synchronized (lock) {
            ScriptedClient c = clients.get(clientId);
            if (c == null || !c.open) {
                return;
            }
            c.open = false;
            c.closeReason = reason;
            Inbound e = obtain(DISCONNECTED, clientId);
            e.reason = DisconnectReason.DISCONNECTED;
            inbound.addLast(e);
        }
    }

    @Override
    public int maxUnreliableSize(long clientId) {
        synchronized (lock) {
            ScriptedClient c = clients.get(clientId);
            return c == null ? Sizes.MAX_SAFE_PAYLOAD_SIZE : c.unreliableLimit;
        }
    }

    /**
     * What the test set with {@link ScriptedClient#setSendCapacity} ({@code Integer.MAX_VALUE}
     * unless set); 0 for an unknown or closed client. Sends do not lower it.
     */
    @Override
    public int sendCapacity(long clientId) {
        synchronized (lock) {
            ScriptedClient c = clients.get(clientId);
            return c == null || !c.open ? 0 : c.sendCapacity;
        }
    }

    @Override
    public int connectedCount() {
        synchronized (lock) {
            int n = 0;
            for (int i = 0; i < clients.capacity(); i++) {
                ScriptedClient c = clients.valueAt(i);
                if (c != null && c.open) {
                    n++;
                }
            }
            return n;
        }
    }

    // ---- called by ScriptedClient ----

    void clientSend(ScriptedClient c, byte[] data, boolean reliable) {
        synchronized (lock) {
            if (!c.open) {
                throw new IllegalStateException("client " + c.id() + " is closed");
            }
            if (reliable || faultRandom == null) {
                enqueueMessage(c.id(), data, true);
                return;
            }
            Faults f = options.faults();
            if (faultRandom.nextDouble() < f.dropProbability()) {
                return;
            }
            enqueueMessage(c.id(), data, false);
            if (faultRandom.nextDouble() < f.duplicateProbability()) {
                enqueueMessage(c.id(), data, false);
            }
            if (inbound.size() >= 2 && faultRandom.nextDouble() < f.reorderProbability()) {
                Inbound last = inbound.pollLast();
                Inbound before = inbound.pollLast();
                inbound.addLast(last);
                inbound.addLast(before);
            }
        }
    }

    void clientClose(ScriptedClient c, DisconnectReason reason) {
        synchronized (lock) {
            if (!c.open) {
                return;
            }
            c.open = false;
            c.closeReason = "closed by client: " + reason;
            Inbound e = obtain(DISCONNECTED, c.id());
            e.reason = reason;
            inbound.addLast(e);
        }
    }

    Object lock() {
        return lock;
    }

    private void enqueueMessage(long clientId, byte[] data, boolean reliable) {
        Inbound e = obtain(MESSAGE, clientId);
        if (e.data.length < data.length) {
            e.data = new byte[data.length];
        }
        System.arraycopy(data, 0, e.data, 0, data.length);
        e.length = data.length;
        e.reliable = reliable;
        inbound.addLast(e);
    }

    private Inbound obtain(int type, long clientId) {
        Inbound e = pool.pollFirst();
        if (e == null) {
            e = new Inbound();
        }
        e.type = type;
        e.clientId = clientId;
        e.reason = null;
        e.length = 0;
        return e;
    }

    /** Every client ever connected, open or not. */
    public List<ScriptedClient> clients() {
        synchronized (lock) {
            List<ScriptedClient> out = new ArrayList<>();
            for (int i = 0; i < clients.capacity(); i++) {
                if (clients.valueAt(i) != null) {
                    out.add(clients.valueAt(i));
                }
            }
            return out;
        }
    }
}
