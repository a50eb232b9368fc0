package dev.aetheris.protocol.event;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * A decoded replication frame: a component value addressed to an entity. Clients send exactly one
 * kind of these, the {@code InputCommand} for their own ship; the server rejects others.
 *
 * @param networkId     the target entity (u64)
 * @param componentKind the component (u16)
 * @param tick          the sender's tick (u64)
 * @param payload       the raw component bytes; not copied
 */
public record ComponentUpdate(long networkId, int componentKind, long tick, byte[] payload) {

    @Override
    public boolean equals(Object o) {
        return o instanceof ComponentUpdate u && u.networkId == networkId && u.componentKind == componentKind
                && u.tick == tick && Arrays.equals(u.payload, payload);
    }

    @Override
    public int hashCode() {
        return (Long.hashCode(networkId) * 31 + componentKind) * 31 + Long.hashCode(tick) + Arrays.hashCode(payload);
    }

    @Override
    public String toString() {
        return "ComponentUpdate[networkId=" + networkId + ", componentKind=" + componentKind + ", tick=" + tick
                + ", payload=" + HexFormat.of().formatHex(payload) + "]";
    }
}
