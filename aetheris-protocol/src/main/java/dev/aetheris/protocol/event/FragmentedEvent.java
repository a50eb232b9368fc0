package dev.aetheris.protocol.event;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * One piece of a message too large for a datagram. Wire order: message id, index, total, payload.
 *
 * @param messageId      sender-chosen id (u32), unique among the sender's in-flight messages
 * @param fragmentIndex  0-based position (u16)
 * @param totalFragments number of pieces, 1..{@code Sizes.MAX_TOTAL_FRAGMENTS} (u16)
 * @param payload        this piece's bytes; not copied, the caller hands over ownership
 */
public record FragmentedEvent(long messageId, int fragmentIndex, int totalFragments, byte[] payload) {

    @Override
    public boolean equals(Object o) {
        return o instanceof FragmentedEvent f && f.messageId == messageId && f.fragmentIndex == fragmentIndex
                && f.totalFragments == totalFragments && Arrays.equals(f.payload, payload);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(messageId) * 31 + fragmentIndex * 17 + totalFragments + Arrays.hashCode(payload);
    }

    @Override
    public String toString() {
        return "FragmentedEvent[messageId=" + messageId + ", fragmentIndex=" + fragmentIndex
                + ", totalFragments=" + totalFragments + ", payload=" + HexFormat.of().formatHex(payload) + "]";
    }
}
