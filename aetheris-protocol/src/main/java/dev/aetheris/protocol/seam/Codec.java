package dev.aetheris.protocol.seam;

import dev.aetheris.protocol.component.ComponentSchema;
import dev.aetheris.protocol.component.ComponentWriter;
import dev.aetheris.protocol.component.InputCommand;
import dev.aetheris.protocol.component.InputCommandBuffer;
import dev.aetheris.protocol.error.CodecException;
import dev.aetheris.protocol.event.ComponentUpdate;
import dev.aetheris.protocol.event.ReplicationEvent;
import dev.aetheris.protocol.event.WireEvent;

/**
 * Turns events and component values into bytes and back. Two frame families share the channels:
 * event frames ({@link #encodeEvent}) and replication frames ({@link #encode}: one component update
 * addressed to an entity).
 *
 * <p><b>Allocation.</b> Every {@code encode*} method writes into a caller-provided buffer and
 * allocates nothing. Decoders allocate only the values they return; {@link #decodeInput(byte[], int,
 * int, InputCommandBuffer)} returns none.
 *
 * <p><b>Errors.</b> Methods never throw unchecked exceptions for any input bytes: every failure is
 * a {@link CodecException} carrying a {@code CodecError} (buffer overflow with the exact size
 * needed, malformed input with its byte offset, unknown component, local-only event).
 *
 * <p><b>Threading.</b> Stateless methods are thread-safe. {@link #componentWriter} returns a writer
 * that is reused; each thread must use its own codec instance for writing components.
 */
public interface Codec {

    /** Which frame family a message belongs to, decided without decoding it. */
    enum FrameKind {
        /** An event frame ({@link #decodeEvent}). */
        EVENT,
        /** A replication frame ({@link #decode}). */
        REPLICATION,
        /** Not recognisable from its first bytes; callers try event, then replication. */
        UNKNOWN
    }

    /**
     * Classifies a message by its first bytes so the tick parses each message once instead of
     * trying decoders in turn (upstream parsed up to three times). Allocation-free.
     */
    default FrameKind classify(byte[] in, int offset, int length) {
        return FrameKind.UNKNOWN;
    }

    /**
     * If the frame is a {@code ReplicationBatch} event, hands each record to {@code visitor} and
     * returns true; returns false (visiting nothing) for any other event. Clients receive thousands
     * of records a second, so implementations should scan in place; this default decodes.
     *
     * @throws CodecException if the frame is a malformed batch
     */
    default boolean visitBatch(byte[] in, int offset, int length, BatchVisitor visitor) throws CodecException {
        if (!(decodeEvent(in, offset, length) instanceof WireEvent.ReplicationBatch batch)) {
            return false;
        }
        for (ReplicationEvent r : batch.events()) {
            visitor.record(r.networkId(), r.componentKind(), r.payload(), 0, r.payload().length, r.tick());
        }
        return true;
    }

    /** Numeric codec id (upstream: 1 = MessagePack). */
    int codecId();

    /** Largest frame the codec produces unfragmented; the tick's scratch buffers have this size. */
    int maxEncodedSize();

    /** Encodes a replication frame. @return bytes written at {@code offset} */
    int encode(ReplicationEvent event, byte[] out, int offset) throws CodecException;

    /**
     * Decodes a replication frame ({@code length} bytes at {@code offset}).
     *
     * @throws CodecException if the bytes are not exactly one frame
     */
    ComponentUpdate decode(byte[] in, int offset, int length) throws CodecException;

    /** Encodes an event frame. @return bytes written at {@code offset} */
    int encodeEvent(WireEvent event, byte[] out, int offset) throws CodecException;

    /**
     * Encodes {@code EntitySpawned(networkId, kind)}, exactly as {@link #encodeEvent} would, without
     * allocating an event: entities enter clients' interest every tick.
     *
     * @return bytes written at {@code offset}
     */
    default int encodeEntitySpawned(long networkId, int kind, byte[] out, int offset) throws CodecException {
        return encodeEvent(new WireEvent.EntitySpawned(networkId, kind), out, offset);
    }

    /** Encodes {@code EntityDespawned(networkId)} as {@link #encodeEvent} would, without allocating. @return bytes written */
    default int encodeEntityDespawned(long networkId, byte[] out, int offset) throws CodecException {
        return encodeEvent(new WireEvent.EntityDespawned(networkId), out, offset);
    }

    /** Decodes an event frame; strict, see the implementation for the accepted forms. */
    WireEvent decodeEvent(byte[] in, int offset, int length) throws CodecException;

    /**
     * Starts writing a component value for {@code schema} into {@code out[offset, limit)}; the value
     * is complete when {@link ComponentWriter#end()} returns. The writer is reused by the next call.
     *
     * @throws IllegalStateException from the writer if the value does not fit or breaks the schema
     */
    ComponentWriter componentWriter(ComponentSchema schema, byte[] out, int offset, int limit);

    /** Bytes written by the most recent {@link #componentWriter} once its value has ended. */
    int componentLength();

    /**
     * Decodes an {@code InputCommand} payload (the bytes a replication frame of kind 128 carries)
     * into {@code into}, allocating nothing: the tick decodes every input this way. On failure
     * {@code into} holds a partial command and must not be used.
     */
    void decodeInput(byte[] in, int offset, int length, InputCommandBuffer into) throws CodecException;

    /** {@link #decodeInput(byte[], int, int, InputCommandBuffer)} into a new record (tools and tests). */
    default InputCommand decodeInput(byte[] in, int offset, int length) throws CodecException {
        InputCommandBuffer b = new InputCommandBuffer();
        decodeInput(in, offset, length, b);
        return b.toCommand();
    }

    /**
     * Writes one record of a replication batch: the entity, kind, payload and tick as they appear
     * inside a {@code ReplicationBatch} event. Records are encoded once per tick and concatenated
     * after {@link #writeBatchHeader} for each recipient.
     *
     * @return bytes written at {@code offset}
     */
    int encodeBatchRecord(long networkId, int componentKind, byte[] payload, int payloadOffset, int payloadLength,
                          long tick, byte[] out, int offset) throws CodecException;

    /** Size of the batch header that {@link #writeBatchHeader} writes for {@code count} records. */
    int batchHeaderSize(int count);

    /** Writes the header of a {@code ReplicationBatch} event holding {@code count} records. */
    int writeBatchHeader(int count, byte[] out, int offset) throws CodecException;
}
