package dev.aetheris.protocol;

/** Version strings reported in the system manifest. */
public final class ProtocolVersion {
    /** The upstream protocol crate version whose wire shapes this implementation speaks. */
    public static final String WIRE_BASELINE = "0.2.22";
    /** Upstream's numeric protocol version for that baseline. */
    public static final int PROTOCOL_VERSION = 3;

    private ProtocolVersion() {
    }
}
