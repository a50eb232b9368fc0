package dev.aetheris.server.tick;

import dev.aetheris.protocol.Sizes;
import dev.aetheris.protocol.error.CodecException;
import dev.aetheris.protocol.seam.Codec;
import java.util.Arrays;

/**
 * Packs encoded records into {@code ReplicationBatch} frames of at most the frame class's limit
 * ({@link #frameLimit}), never splitting a record. A record too large for any
 * frame on its own is listed in {@link #oversize} for the caller to fragment. Reused across ticks.
 */
final class Packer {
    /** Frame classes: datagram-sized (QUIC) or one large frame per tick (stream transports). */
    static final int DATAGRAM = 0;
    /** @see #DATAGRAM */
    static final int STREAM = 1;
    /** State frame size for stream clients: under the 64 KiB message limit with room to spare. */
    static final int STREAM_FRAME = 60 * 1024;

    private final Codec codec;
    private final int limit;
    byte[] out = new byte[16 * 1024];
    int used;
    int frames;
    int[] frameOffset = new int[64];
    int[] frameLength = new int[64];
    final IntList oversize = new IntList();

    Packer(Codec codec, int limit) {
        this.codec = codec;
        this.limit = limit;
    }

    /** The largest frame of a frame class. */
    static int frameLimit(int frameClass) {
        return frameClass == STREAM ? STREAM_FRAME : Sizes.MAX_SAFE_PAYLOAD_SIZE;
    }

    void clear() {
        used = 0;
        frames = 0;
        oversize.clear();
    }

    /**
     * Packs the records {@code first} then {@code second} (indices into {@code box}) in order.
     *
     * @throws CodecException if the codec cannot write a batch header
     */
    void pack(Outbox box, IntList first, IntList second) throws CodecException {
        int total = first.size + (second == null ? 0 : second.size);
        int i = 0;
        while (i < total) {
            int r = at(first, second, i);
            if (codec.batchHeaderSize(1) + box.recLength[r] > limit) {
                oversize.add(r);
                i++;
                continue;
            }
            int count = 0;
            int bytes = 0;
            int j = i;
            while (j < total) {
                int len = box.recLength[at(first, second, j)];
                if (codec.batchHeaderSize(count + 1) + bytes + len > limit) {
                    break;
                }
                bytes += len;
                count++;
                j++;
            }
            int size = codec.batchHeaderSize(count) + bytes;
            ensure(size);
            int start = used;
            used += codec.writeBatchHeader(count, out, used);
            for (int k = i; k < j; k++) {
                int rec = at(first, second, k);
                System.arraycopy(box.arena, box.recOffset[rec], out, used, box.recLength[rec]);
                used += box.recLength[rec];
            }
            frameOffset[frames] = start;
            frameLength[frames] = used - start;
            frames++;
            i = j;
        }
    }

    private static int at(IntList first, IntList second, int i) {
        return i < first.size ? first.items[i] : second.items[i - first.size];
    }

    private void ensure(int bytes) {
        if (used + bytes > out.length) {
            out = Arrays.copyOf(out, Math.max(out.length * 2, used + bytes));
        }
        if (frames == frameOffset.length) {
            frameOffset = Arrays.copyOf(frameOffset, frames * 2);
            frameLength = Arrays.copyOf(frameLength, frames * 2);
        }
    }
}
