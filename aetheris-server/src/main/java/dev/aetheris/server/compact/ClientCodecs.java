package dev.aetheris.server.compact;

/**
 * Which wire each client negotiated (a codec v2 HELLO before Auth, or nothing: v1). Called on the
 * room-loop thread once per client per send; must not allocate.
 */
@FunctionalInterface
public interface ClientCodecs {
    /** Whether {@code clientId} gets codec v2 snapshots. */
    boolean isCompact(long clientId);
}
