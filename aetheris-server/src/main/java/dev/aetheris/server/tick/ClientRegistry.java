package dev.aetheris.server.tick;

import dev.aetheris.codec.compact.CompactFrames;
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
 * <p><b>Auth.</b> Tokens are checked by an {@link AuthVerifier}, not here: a connection has at
 * most one Auth in it (a second one meanwhile is dropped and counted), its other messages wait in
 * a small per-connection buffer until the answer, and after {@value #MAX_AUTH_FAILURES} failed
 * Auths the connection is closed. So forged Auths cost the tick a hand-over each, whatever their
 * number.
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
    private final LongList deferred = new LongList();
    private final AuthVerifier verifier;
    private final RoomGate gate;
    private final AuthVerifier.ResultHandler onAuthResult = this::onAuthResult;
    private HeldMessages replay;
    private long seenRevocations;
    private int authenticated;

    /** Failed Auths after which a connection is closed. */
    static final int MAX_AUTH_FAILURES = 3;
    /** Bytes of messages one connection may have waiting while its Auth is checked. */
    static final int MAX_HELD_BYTES = 4096;

    /** Takes a message that waited for its connection's Auth, once the Auth was accepted. */
    @FunctionalInterface
    interface HeldMessages {
        void replay(long clientId, byte[] buf, int off, int len);
    }

    ClientRegistry(TickConfig config, GameTransport transport, WorldState world, Codec codec,
                   SessionVerifier sessions, AuthVerifier verifier, Reassembler reassembler, MonotonicClock clock,
                   TickMetrics metrics, RoomGate gate) {
        this.verifier = verifier;
        this.gate = gate;
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
     * anything else (fragments included, so nothing is held for it) is counted and dropped, unless
     * an Auth of that connection is being checked: then it waits (bounded) for the answer.
     */
    void onUnauthenticatedMessage(ClientState c, byte[] buf, int off, int len) {
        if (CompactFrames.isHello(buf, off, len)) {
            c.compact = true; // a flag on a connection that already exists: nothing else is held
            return;
        }
        if (c.authPending && CompactFrames.isCompact(buf, off, len)) {
            // A v2 message sent right behind Auth (StartSession behind an INPUT header): held
            // like a v1 one and judged in full once the session is known.
            hold(c, buf, off, len);
            return;
        }
        WireEvent event;
        try {
            event = codec.decodeEvent(buf, off, len);
        } catch (CodecException e) {
            metrics.unprivilegedPackets.inc();
            return;
        }
        if (c.authPending) {
            if (event instanceof WireEvent.Auth) {
                metrics.authDroppedInFlight.inc();
            } else {
                hold(c, buf, off, len);
            }
            return;
        }
        if (!(event instanceof WireEvent.Auth auth)) {
            metrics.unprivilegedPackets.inc();
            return;
        }
        c.authPending = true;
        if (!verifier.submit(c.id, auth.sessionToken())) {
            // Full: the Auth waits its turn (in arrival order) instead of being lost.
            metrics.authVerifierFull.inc();
            c.deferredToken = auth.sessionToken();
            deferred.add(c.id);
        }
    }

    /**
     * Hands every checked Auth back: accepted connections get their session and then their held
     * messages through {@code replay}; a connection whose Auths failed too often is closed.
     */
    void collectAuthResults(HeldMessages replay) {
        this.replay = replay;
        verifier.drain(onAuthResult);
        submitDeferred();
        metrics.authVerifierInFlight.set(verifier.inFlight());
        metrics.authVerifierHighWater.set(verifier.highWater());
    }

    private void onAuthResult(long id, AuthResult result) {
        ClientState c = clients.get(id);
        if (c == null || !c.authPending) {
            return; // gone while its Auth was checked
        }
        c.authPending = false;
        switch (result) {
            case AuthResult.Accepted accepted -> {
                admit(c, accepted.session());
                replayHeld(c);
                if (gate.seatRequired() && !c.seated && clients.get(c.id) == c) {
                    String why = gate.unseated(c.session);
                    LOG.debug("Client {} admitted without a seat: {}", Long.toUnsignedString(c.id), why);
                    refuse(c, "seat reservation refused: " + why);
                }
            }
            case AuthResult.Rejected rejected -> {
                metrics.authRejected[rejected.reason().ordinal()].inc();
                metrics.unprivilegedPackets.add(countHeld(c));
                c.heldBytes = 0;
                c.authFailures++;
                LOG.debug("Client {} failed auth: {} ({})", Long.toUnsignedString(c.id), rejected.reason(),
                        rejected.detail());
                if (c.authFailures >= MAX_AUTH_FAILURES) {
                    metrics.authFailureCloses.inc();
                    LOG.info("Client {} closed after {} failed Auths", Long.toUnsignedString(c.id), c.authFailures);
                    forget(c);
                    transport.disconnect(c.id, "too many failed Auth attempts");
                }
            }
        }
    }

    private void submitDeferred() {
        int kept = 0;
        boolean full = false;
        for (int i = 0; i < deferred.size; i++) {
            ClientState c = clients.get(deferred.items[i]);
            if (c == null || c.deferredToken == null) {
                continue; // gone meanwhile
            }
            if (!full && verifier.submit(c.id, c.deferredToken)) {
                c.deferredToken = null;
            } else {
                full = true;
                deferred.items[kept++] = c.id;
            }
        }
        deferred.size = kept;
    }

    private void hold(ClientState c, byte[] buf, int off, int len) {
        if (c.heldBytes + 2 + len > MAX_HELD_BYTES) {
            metrics.authHeldDropped.inc();
            return;
        }
        if (c.held == null) {
            c.held = new byte[MAX_HELD_BYTES];
        }
        c.held[c.heldBytes] = (byte) (len >>> 8);
        c.held[c.heldBytes + 1] = (byte) len;
        System.arraycopy(buf, off, c.held, c.heldBytes + 2, len);
        c.heldBytes += 2 + len;
    }

    private void replayHeld(ClientState c) {
        int n = c.heldBytes;
        c.heldBytes = 0;
        for (int at = 0; at < n && clients.get(c.id) == c; ) {
            int len = (c.held[at] & 0xFF) << 8 | c.held[at + 1] & 0xFF;
            replay.replay(c.id, c.held, at + 2, len);
            at += 2 + len;
        }
    }

    private static int countHeld(ClientState c) {
        int count = 0;
        for (int at = 0; at < c.heldBytes; count++) {
            at += 2 + ((c.held[at] & 0xFF) << 8 | c.held[at + 1] & 0xFF);
        }
        return count;
    }

    /**
     * Whether the session view reported a revocation since the last call (logout, refresh, a
     * revocation pulled from the store): the tick then re-checks every session at once.
     */
    boolean revocationsChanged() {
        long v = sessions.revocations();
        if (v == seenRevocations) {
            return false;
        }
        seenRevocations = v;
        return true;
    }

    /** Gives a connection its verified session; it receives the full state on the next send. */
    private void admit(ClientState c, Session session) {
        c.session = session;
        c.authNanos = clock.nanoTime();
        c.needsFullState = true;
        authenticated++;
        // Published at once, not only at the tick's end: the heartbeat releases the seat this
        // client may claim next and must then find it counted (see LocalRooms#snapshot).
        metrics.authenticatedClients.set(authenticated);
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
        c.authPending = false;
        c.deferredToken = null;
        c.heldBytes = 0;
        if (c.authenticated()) {
            authenticated--;
            metrics.authenticatedClients.set(authenticated);
        }
        clients.remove(c.id);
    }

    /** Whether {@code clientId} asked for codec v2 (a HELLO before Auth). */
    boolean isCompact(long clientId) {
        ClientState c = get(clientId);
        return c != null && c.compact;
    }

    /** The latest v2 ack {@code clientId} sent (INPUT header); 0 = none, or not a v2 client. */
    long snapshotAck(long clientId) {
        ClientState c = get(clientId);
        return c == null ? 0 : c.snapshotAck;
    }

    /** The session ship of {@code clientId}, 0 if none. */
    long ship(long clientId) {
        ClientState c = get(clientId);
        return c == null ? 0 : c.ship;
    }
}
