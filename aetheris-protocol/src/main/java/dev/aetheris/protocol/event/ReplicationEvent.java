package dev.aetheris.protocol.event;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * One component's new state for one entity. Field order is upstream's wire order inside a
 * {@code ReplicationBatch}: network id, kind, payload, tick.
 *
 * @param networkId     the entity (u64, never 0)
 * @param componentKind the component (u16)
 * @param payload       the component value as the codec encodes it; not copied
 * @param tick          the server tick that produced it (u64)
 */
public record ReplicationEvent(long networkId, int componentKind, byte[] payload, long tick) {

    @Override
    public boolean equals(Object o) {
        return o instanceof ReplicationEvent r && r.networkId == networkId && r.componentKind == componentKind
                && r.tick == tick && Arrays.equals(r.payload, payload);
    }

    @Override
    public int hashCode() {
        return (Long.hashCode(networkId) * 31 + componentKind) * 31 + Long.hashCode(tick) + Arrays.hashCode(payload);
    }

    @Override
    public String toString() {
        return "ReplicationEvent[networkId=" + networkId + ", componentKind=" + componentKind
                + ", payload=" + HexFormat.of().formatHex(payload) + ", tick=" + tick + "]";
    }
}
