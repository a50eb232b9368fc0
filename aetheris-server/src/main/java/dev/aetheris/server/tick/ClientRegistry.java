package dev.aetheris.server.tick;

import dev.aetheris.protocol.MonotonicClock;
import dev.aetheris.protocol.error.CodecException;
import dev.aetheris.protocol.event.WireEvent;
import dev.aetheris.protocol.fragment.Reassembler;
import dev.aetheris.protocol.seam.AuthResult;
import dev.aetheris.protocol.seam.Codec;
import dev.aetheris.protocol.seam.DisconnectReason;
import dev.aetheris.protocol.seam.GameTransport;
import dev.aetheris.protocol.seam.Session;
import dev.aetheris.protocol.seam.SessionVerifier;
import dev.aetheris.protocol.seam.WorldState;
import dev.aetheris.protocol.util.LongMap;
import dev.aetheris.server.metrics.TickMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The connections a room loop knows and their sessions: admission (the server-full limit), the
 * Auth gate, session re-validation and removal with everything a client owned. Room-loop thread
 * only.
 *
 * <p>Iterate with {@link #capacity()} and {@link #at(int)} (null slots are empty); no iterator is
 * allocated.
 */
final class ClientRegistry {
    private static final Logger LOG = LoggerFactory.getLogger(ClientRegistry.class);

    private final TickConfig config;
    private final GameTransport transport;
    private final WorldState world;
    private final Codec codec;
    private final SessionVerifier sessions;
    private final Reassembler reassembler;
    private final MonotonicClock clock;
    private final TickMetrics metrics;
    private final LongMap<ClientState> clients = new LongMap<>();
    private final LongList toDrop = new LongList();
    private int authenticated;

    ClientRegistry(TickConfig config, GameTransport transport, WorldState world, Codec codec,
                   SessionVerifier sessions, Reassembler reassembler, MonotonicClock clock, TickMetrics metrics) {
        this.config = config;
        this.transport = transport;
        this.world = world;
        this.codec = codec;
        this.sessions = sessions;
        this.reassembler = reassembler;
        this.clock = clock;
        this.metrics = metrics;
    }

    /** The client, or null if unknown (never connected, or already dropped). */
    ClientState get(long id) {
        return clients.get(id);
    }

    /** Connections known, authenticated or not. */
    int size() {
        return clients.size();
    }

    /** Connections with a valid session. */
    int authenticatedCount() {
        return authenticated;
    }

    /** Slots to iterate over with {@link #at(int)}. */
    int capacity() {
        return clients.capacity();
    }

    /** The client in slot {@code i}, or null. */
    ClientState at(int i) {
        return clients.valueAt(i);
    }

    void onConnected(long id) {
        if (clients.size() >= config.maxClients()) {
            metrics.refusedConnections.inc();
            transport.disconnect(id, "server full (" + config.maxClients() + " clients)");
            return;
        }
        if (!clients.containsKey(id)) {
            ClientState c = new ClientState(id);
            c.frameClass = transport.maxUnreliableSize(id) >= Packer.STREAM_FRAME ? Packer.STREAM : Packer.DATAGRAM;
            clients.put(id, c);
            LOG.debug("Client {} connected (awaiting auth)", Long.toUnsignedString(id));
        }
    }

    void onDisconnected(long id, DisconnectReason reason) {
        switch (reason) {
            case SESSION_CLOSED -> metrics.sessionClosedEvents.inc();
            case STREAM_RESET -> metrics.streamResetEvents.inc();
            case CLIENT_DISCONNECTED, DISCONNECTED -> {
                // counted by the connected-clients gauge
            }
        }
        ClientState c = clients.get(id);
        if (c != null) {
            forget(c);
            LOG.debug("Client {} disconnected ({})", Long.toUnsignedString(id), reason);
        }
    }

    /**
     * The Auth gate: the only thing a connection without a session may do is send {@code Auth};
     * anything else (fragments included, so nothing is held for it) is counted and dropped.
     */
    void onUnauthenticatedMessage(ClientState c, byte[] buf, int off, int len) {
        WireEvent event;
        try {
            event = codec.decodeEvent(buf, off, len);
        } catch (CodecException e) {
            metrics.unprivilegedPackets.inc();
            return;
        }
        if (!(event instanceof WireEvent.Auth auth)) {
            metrics.unprivilegedPackets.inc();
            return;
        }
        switch (sessions.authenticate(auth.sessionToken())) {
            case AuthResult.Accepted accepted -> admit(c, accepted.session());
            case AuthResult.Rejected rejected -> {
                metrics.authRejected[rejected.reason().ordinal()].inc();
                LOG.debug("Client {} failed auth: {} ({})", Long.toUnsignedString(c.id), rejected.reason(),
                        rejected.detail());
            }
        }
    }

    /** Gives a connection its verified session; it receives the full state on the next send. */
    private void admit(ClientState c, Session session) {
        c.session = session;
        c.authNanos = clock.nanoTime();
        c.needsFullState = true;
        authenticated++;
        transport.authenticated(c.id);
        LOG.debug("Client {} authenticated as {}", Long.toUnsignedString(c.id), session.playerId());
    }

    /**
     * Whether an authenticated client's session is still valid (sliding idle window, revocation;
     * in memory, cheap). If not, the client is dropped and false returned.
     */
    boolean stillActive(ClientState c) {
        if (sessions.isActive(c.session)) {
            return true;
        }
        revoke(c);
        return false;
    }

    /** Drops every authenticated client whose session is no longer valid, even if it is silent. */
    void revalidateAll() {
        toDrop.clear();
        for (int i = 0; i < clients.capacity(); i++) {
            ClientState c = clients.valueAt(i);
            if (c != null && c.authenticated() && !sessions.isActive(c.session)) {
                toDrop.add(c.id);
            }
        }
        for (int i = 0; i < toDrop.size; i++) {
            ClientState c = clients.get(toDrop.items[i]);
            if (c != null) {
                revoke(c);
            }
        }
        toDrop.clear();
    }

    /** Disconnects the clients in {@code ids} (a full reliable queue) and clears the list. */
    void disconnectOverflowed(LongList ids) {
        for (int i = 0; i < ids.size; i++) {
            ClientState c = clients.get(ids.items[i]);
            if (c != null) {
                metrics.reliableOverflowDisconnects.inc();
                LOG.warn("Client {} cannot keep up (reliable queue full); disconnecting", Long.toUnsignedString(c.id));
                forget(c);
                transport.disconnect(c.id, "reliable queue overflow");
            }
        }
        ids.clear();
    }

    /** After ClearWorld nobody owns anything; anyone may start a new session ship. */
    void clearOwnership() {
        for (int i = 0; i < clients.capacity(); i++) {
            ClientState c = clients.valueAt(i);
            if (c != null) {
                c.clearOwned();
            }
        }
    }

    /** Drops a client the room will not serve (a refused seat) and closes its connection. */
    void refuse(ClientState c, String why) {
        forget(c);
        transport.disconnect(c.id, why);
    }

    /** A session that is no longer valid loses its entities and its connection. */
    private void revoke(ClientState c) {
        metrics.sessionsRevoked.inc();
        metrics.unprivilegedPackets.inc();
        LOG.warn("Session of client {} is no longer valid; dropping it", Long.toUnsignedString(c.id));
        forget(c);
        transport.disconnect(c.id, "session revoked or expired");
    }

    /** Removes a client and everything it owned. */
    private void forget(ClientState c) {
        for (int i = 0; i < c.ownedCount(); i++) {
            world.despawn(c.owned(i));
        }
        c.clearOwned();
        world.removeClient(c.id);
        reassembler.removeSender(c.id);
        if (c.authenticated()) {
            authenticated--;
        }
        clients.remove(c.id);
    }
}
