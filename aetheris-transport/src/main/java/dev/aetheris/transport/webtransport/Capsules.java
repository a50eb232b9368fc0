package dev.aetheris.transport.webtransport;

import dev.aetheris.transport.QuicVarint;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.nio.charset.StandardCharsets;

/**
 * Capsules (RFC 9297 §3.2) on the CONNECT stream, carried as HTTP/3 DATA frame payloads:
 * {@code varint(type) ‖ varint(length) ‖ payload}. Only CLOSE_WEBTRANSPORT_SESSION means something
 * here; every other capsule is skipped, as the RFC asks for unknown types.
 *
 * <p>Not thread-safe: one instance per CONNECT stream, used on its event loop.
 */
public final class Capsules {
    /** Largest capsule accepted; a close capsule's reason is at most 1024 bytes. */
    public static final int MAX_CAPSULE = 2048;
    /** Longest close reason sent, in UTF-8 bytes (the draft's limit). */
    public static final int MAX_REASON_BYTES = 1024;

    /** What {@link #feed} found. */
    public enum Result {
        /** Nothing decisive yet. */
        MORE,
        /** A CLOSE_WEBTRANSPORT_SESSION capsule arrived. */
        CLOSE,
        /** A capsule over {@link #MAX_CAPSULE} bytes was announced. */
        TOO_LARGE
    }

    private final ByteBuf pending;
    private int closeCode;
    private String closeReason = "";

    /** @param alloc where the (bounded) reassembly buffer comes from */
    public Capsules(ByteBufAllocator alloc) {
        this.pending = alloc.heapBuffer(64, 2 * MAX_CAPSULE);
    }

    /** Consumes {@code in} (the caller still releases it) and reports the first decisive capsule. */
    public Result feed(ByteBuf in) {
        if (pending.readableBytes() + in.readableBytes() > pending.maxCapacity()) {
            return Result.TOO_LARGE;
        }
        pending.writeBytes(in);
        for (;;) {
            int r = pending.readerIndex();
            int w = pending.writerIndex();
            long type = QuicVarint.peek(pending, r, w);
            if (type == QuicVarint.INCOMPLETE) {
                break;
            }
            int typeLen = QuicVarint.lengthOf(pending.getByte(r));
            long length = QuicVarint.peek(pending, r + typeLen, w);
            if (length == QuicVarint.INCOMPLETE) {
                break;
            }
            if (length > MAX_CAPSULE) {
                return Result.TOO_LARGE;
            }
            int header = typeLen + QuicVarint.lengthOf(pending.getByte(r + typeLen));
            if (w - r - header < length) {
                break;
            }
            if (type == WebTransportSettings.CLOSE_SESSION_CAPSULE) {
                if (length >= 4) {
                    closeCode = pending.getInt(r + header);
                    closeReason = pending.toString(r + header + 4, (int) length - 4, StandardCharsets.UTF_8);
                }
                pending.skipBytes(header + (int) length);
                return Result.CLOSE;
            }
            pending.skipBytes(header + (int) length);
        }
        pending.discardReadBytes();
        return Result.MORE;
    }

    /** Error code of the close capsule {@link #feed} reported (0 before one). */
    public int closeCode() {
        return closeCode;
    }

    /** Reason of the close capsule {@link #feed} reported ("" before one). */
    public String closeReason() {
        return closeReason;
    }

    /** Releases the reassembly buffer. */
    public void release() {
        pending.release();
    }

    /**
     * A CLOSE_WEBTRANSPORT_SESSION capsule: {@code code} as u32, then {@code reason} in UTF-8, cut to
     * {@value #MAX_REASON_BYTES} bytes (at a byte, not a character, boundary: keep reasons ASCII).
     */
    public static ByteBuf closeSession(ByteBufAllocator alloc, int code, String reason) {
        byte[] text = reason.getBytes(StandardCharsets.UTF_8);
        int n = Math.min(text.length, MAX_REASON_BYTES);
        ByteBuf out = alloc.buffer(16 + n);
        QuicVarint.write(out, WebTransportSettings.CLOSE_SESSION_CAPSULE);
        QuicVarint.write(out, 4 + n);
        out.writeInt(code);
        out.writeBytes(text, 0, n);
        return out;
    }
}
