package dev.aetheris.server.compact;

/**
 * Where the v2 encoder reads acks: the input path records the newest snapshot sequence each
 * client acknowledged (the INPUT header) and the encoder reads it once per client per send.
 * Called on the room-loop thread; must not allocate.
 */
@FunctionalInterface
public interface SnapshotAcks {
    /** The newest snapshot {@code clientId} acknowledged, 0 if none. */
    long newestAck(long clientId);
}
