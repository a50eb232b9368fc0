package dev.aetheris.protocol.fragment;

import dev.aetheris.protocol.Sizes;
import dev.aetheris.protocol.event.FragmentedEvent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Splits a message too large for one datagram into {@link FragmentedEvent}s of at most
 * {@code fragmentPayloadSize} bytes. Stateless; message ids are chosen by the caller, one sequence
 * per recipient.
 */
public final class Fragmenter {
    private final int fragmentPayloadSize;

    /** Fragments of {@link Sizes#MAX_FRAGMENT_PAYLOAD_SIZE} bytes. */
    public Fragmenter() {
        this(Sizes.MAX_FRAGMENT_PAYLOAD_SIZE);
    }

    /** @param fragmentPayloadSize bytes per fragment, at least 1 */
    public Fragmenter(int fragmentPayloadSize) {
        if (fragmentPayloadSize < 1) {
            throw new IllegalArgumentException("fragment payload size must be positive, got " + fragmentPayloadSize);
        }
        this.fragmentPayloadSize = fragmentPayloadSize;
    }

    /** How many fragments {@code length} bytes need (at least 1). */
    public int fragmentCount(int length) {
        return Math.max(1, (length + fragmentPayloadSize - 1) / fragmentPayloadSize);
    }

    /**
     * Whether a message of {@code length} bytes can be sent as fragments at all: at most
     * {@link Sizes#MAX_REASSEMBLED_SIZE} bytes in at most {@link Sizes#MAX_TOTAL_FRAGMENTS} pieces.
     */
    public boolean fits(int length) {
        return length >= 0 && length <= Sizes.MAX_REASSEMBLED_SIZE
                && fragmentCount(length) <= Sizes.MAX_TOTAL_FRAGMENTS;
    }

    /**
     * Splits {@code data[offset, offset+length)}; each fragment owns a copy of its slice.
     *
     * @throws IllegalArgumentException if it is larger than {@link Sizes#MAX_REASSEMBLED_SIZE} or
     *                                  would need more than {@link Sizes#MAX_TOTAL_FRAGMENTS}
     *                                  fragments (receivers would reject it)
     */
    public List<FragmentedEvent> split(long messageId, byte[] data, int offset, int length) {
        if (!fits(length)) {
            throw new IllegalArgumentException("message of " + length + " bytes needs " + fragmentCount(length)
                    + " fragments; at most " + Sizes.MAX_REASSEMBLED_SIZE + " bytes in " + Sizes.MAX_TOTAL_FRAGMENTS
                    + " fragments are allowed");
        }
        int total = fragmentCount(length);
        List<FragmentedEvent> out = new ArrayList<>(total);
        for (int i = 0; i < total; i++) {
            int from = offset + i * fragmentPayloadSize;
            int to = Math.min(offset + length, from + fragmentPayloadSize);
            out.add(new FragmentedEvent(messageId & 0xFFFF_FFFFL, i, total, Arrays.copyOfRange(data, from, to)));
        }
        return out;
    }
}
