package dev.aetheris.protocol.seam;

/** Why a connection ended, as the transport saw it (maps to the upstream {@code NetworkEvent} variants). */
public enum DisconnectReason {
    /** The client closed the connection ({@code ClientDisconnected}). */
    CLIENT_DISCONNECTED,
    /** The transport dropped it: timeout, error, kick ({@code Disconnected}). */
    DISCONNECTED,
    /** The QUIC/WebTransport session closed ({@code SessionClosed}). */
    SESSION_CLOSED,
    /** The reliable stream was reset ({@code StreamReset}). */
    STREAM_RESET
}
