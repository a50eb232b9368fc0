package dev.aetheris.server.compact;

import dev.aetheris.replication.EntityStore;
import dev.aetheris.replication.ReplicationEncoder;

/**
 * Routes each client's part of a send to the encoder of the wire it negotiated: codec v2 for
 * clients that sent a HELLO, v1 for everyone else, so one replicator serves both. Both encoders
 * see every {@code beginSend}/{@code endSend}; each sees only its own clients.
 *
 * <p>Room-loop thread only; allocation-free.
 */
public final class PerClientEncoder implements ReplicationEncoder {
    private final ReplicationEncoder v1;
    private final ReplicationEncoder v2;
    private final ClientCodecs codecs;
    private ReplicationEncoder current;

    /** Routes to {@code v2} the clients {@code codecs} names, to {@code v1} the others. */
    public PerClientEncoder(ReplicationEncoder v1, ReplicationEncoder v2, ClientCodecs codecs) {
        this.v1 = v1;
        this.v2 = v2;
        this.codecs = codecs;
        this.current = v1;
    }

    @Override
    public void beginSend(EntityStore store) {
        v1.beginSend(store);
        v2.beginSend(store);
    }

    @Override
    public void beginClient(long clientId) {
        current = codecs.isCompact(clientId) ? v2 : v1;
        current.beginClient(clientId);
    }

    @Override
    public int enterCost(int entity, long componentMask) {
        return current.enterCost(entity, componentMask);
    }

    @Override
    public int updateCost(int entity, long componentMask) {
        return current.updateCost(entity, componentMask);
    }

    @Override
    public int leaveCost(long networkId) {
        return current.leaveCost(networkId);
    }

    @Override
    public void enter(int entity, long componentMask) {
        current.enter(entity, componentMask);
    }

    @Override
    public void update(int entity, long componentMask) {
        current.update(entity, componentMask);
    }

    @Override
    public void leave(long networkId) {
        current.leave(networkId);
    }

    @Override
    public int endClient() {
        return current.endClient();
    }

    /** Each wire's groups apart: v1's as even numbers, v2's as odd ones (the open client's wire, from {@link #beginClient}). */
    @Override
    public int costGroup(long clientId) {
        boolean compact = current == v2;
        int g = current.costGroup(clientId);
        return g < 0 ? -1 : g * 2 + (compact ? 1 : 0);
    }

    @Override
    public boolean repeatOffers(long referenceClientId) {
        return current.repeatOffers(referenceClientId);
    }

    @Override
    public void endSend() {
        v1.endSend();
        v2.endSend();
    }
}
