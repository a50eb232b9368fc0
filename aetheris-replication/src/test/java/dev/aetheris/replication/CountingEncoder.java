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
        return 10 + 40 * Long.bitCount(componentMask);
    }

    @Override
    public int updateCost(int entity, long componentMask) {
        return 20 * Long.bitCount(componentMask);
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
    public int endClient() {
        return clientBytes;
    }

    @Override
    public void endSend() {
    }
}
