package dev.aetheris.protocol.seam;

/**
 * Receives the records of a {@code ReplicationBatch} frame in place, without an object per record
 * ({@link Codec#visitBatch}). The payload bytes are only valid during the call.
 */
@FunctionalInterface
public interface BatchVisitor {

    /** One record: a component value for an entity at a tick. */
    void record(long networkId, int componentKind, byte[] buf, int payloadOffset, int payloadLength, long tick);
}
