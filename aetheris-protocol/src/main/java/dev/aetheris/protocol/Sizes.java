package dev.aetheris.protocol;

/** Size limits shared by codecs, transports and the tick (upstream-compatible values). */
public final class Sizes {
    /** Largest datagram payload the server sends or accepts unfragmented. */
    public static final int MAX_SAFE_PAYLOAD_SIZE = 1200;
    /** Largest number of fragments one message may be split into. */
    public static final int MAX_TOTAL_FRAGMENTS = 1024;
    /** Room left in a datagram for the {@code Fragment} envelope (the real envelope is ≤ 25 bytes). */
    public static final int FRAGMENT_OVERHEAD = 64;
    /** Payload bytes carried by one fragment. */
    public static final int MAX_FRAGMENT_PAYLOAD_SIZE = MAX_SAFE_PAYLOAD_SIZE - FRAGMENT_OVERHEAD;
    /** Largest reliable message a transport accepts. */
    public static final int MAX_RELIABLE_MESSAGE_SIZE = 65_535;
    /**
     * Largest message that may be sent as fragments: the same as a single reliable message, so
     * fragmenting is no way around the message cap.
     */
    public static final int MAX_REASSEMBLED_SIZE = MAX_RELIABLE_MESSAGE_SIZE;
    /** Most actions one {@code InputCommand} may carry. */
    public static final int MAX_INPUT_ACTIONS = 128;
    /** Longest room name or permission token, in UTF-8 bytes. */
    public static final int MAX_NAME_BYTES = 64;

    private Sizes() {
    }
}
