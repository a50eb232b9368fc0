package dev.aetheris.replication;

import java.util.ArrayList;
import java.util.List;

/**
 * A test encoder with fixed costs: an enter costs 40 bytes per component plus 10, an update 20
 * per component, a leave 10. Records calls as text when asked to, otherwise only counts (so it
 * can serve allocation tests).
 */
final class CountingEncoder implements ReplicationEncoder {
    final List<String> log = new ArrayList<>();
    boolean recording = true;
    /** Declares its costs client-independent (one cost group), which lets the replicator repeat offers ({@link Lockstep}). */
    boolean independentCosts;
    /** When set, each client's cost group; overrides {@link #independentCosts}. */
    java.util.function.LongToIntFunction groups;
    /** Each client's costs are multiplied by this. */
    java.util.function.LongToIntFunction scale = id -> 1;
    private EntityStore store;
    private long client;
    private int clientBytes;
    long enters;
    long updates;
    long leaves;

    @Override
    public void beginSend(EntityStore store) {
        this.store = store;
    }

    @Override
    public void beginClient(long clientId) {
        client = clientId;
        clientBytes = 0;
    }

    @Override
    public int enterCost(int entity, long componentMask) {
        return scale.applyAsInt(client) * (10 + 40 * Long.bitCount(componentMask));
    }

    @Override
    public int updateCost(int entity, long componentMask) {
        return scale.applyAsInt(client) * 20 * Long.bitCount(componentMask);
    }

    @Override
    public int leaveCost(long networkId) {
        return 10;
    }

    @Override
    public void enter(int entity, long componentMask) {
        enters++;
        clientBytes += enterCost(entity, componentMask);
        if (recording) {
            log.add(client + " enter " + store.networkId(entity) + " mask " + Long.toBinaryString(componentMask));
        }
    }

    @Override
    public void update(int entity, long componentMask) {
        updates++;
        clientBytes += updateCost(entity, componentMask);
        if (recording) {
            log.add(client + " update " + store.networkId(entity) + " mask " + Long.toBinaryString(componentMask));
        }
    }

    @Override
    public void leave(long networkId) {
        leaves++;
        clientBytes += leaveCost(networkId);
        if (recording) {
            log.add(client + " leave " + networkId);
        }
    }

    @Override
    public int costGroup(long clientId) {
        return groups != null ? groups.applyAsInt(clientId) : independentCosts ? 0 : -1;
    }

    @Override
    public int endClient() {
        return clientBytes;
    }

    @Override
    public void endSend() {
    }
}
