package dev.aetheris.transport;

import io.netty.buffer.ByteBuf;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One connection's unreliable state on its way from the room loop to the event loop, where the
 * newest state wins: everything sent unreliably between two {@code flush()} calls is one tick's
 * state, and a tick's state that has not been taken by the event loop when the next one is
 * published is released and counted, never queued behind it.
 *
 * <p>A triple buffer, so neither side waits or allocates: the room loop fills its <i>back</i>
 * batch, {@link #publish} swaps it with the shared <i>middle</i> one, and the event loop's
 * {@link #take} swaps its empty <i>front</i> batch with the middle. A batch in the middle is fresh
 * exactly when it holds buffers, because both sides empty a batch before giving it back.
 *
 * <p><b>Ownership.</b> Buffers in the back batch and in a fresh middle batch belong to the room
 * loop (it releases superseded ones); buffers {@link #take} hands out belong to the caller, who
 * writes them to the channel. {@link #release} may only run once the event loop no longer takes
 * (after the room loop has seen the disconnect, or at shutdown).
 */
final class StateHandoff {

    /** The datagrams of one tick, in send order. Plain fields: handed over through the middle reference. */
    static final class Batch {
        private final ByteBuf[] bufs;
        private int count;

        Batch(int capacity) {
            this.bufs = new ByteBuf[capacity];
        }

        /** Number of buffers. */
        int count() {
            return count;
        }

        /** The {@code i}-th buffer. */
        ByteBuf get(int i) {
            return bufs[i];
        }

        /** Forgets the buffers without releasing them (their new owner has them). */
        void handedOff() {
            java.util.Arrays.fill(bufs, 0, count, null);
            count = 0;
        }

        void releaseAll() {
            for (int i = 0; i < count; i++) {
                bufs[i].release();
            }
            handedOff();
        }
    }

    private final AtomicReference<Batch> middle;
    private Batch back;
    private Batch front;

    /** @param capacity most datagrams one tick may queue for the connection */
    StateHandoff(int capacity) {
        this.back = new Batch(capacity);
        this.front = new Batch(capacity);
        this.middle = new AtomicReference<>(new Batch(capacity));
    }

    /** Room loop: adds a datagram to this tick's state; {@code false} (caller keeps {@code b}) when full. */
    boolean add(ByteBuf b) {
        Batch s = back;
        if (s.count == s.bufs.length) {
            return false;
        }
        s.bufs[s.count++] = b;
        return true;
    }

    /** Room loop: whether this tick has queued state that is not yet published. */
    boolean hasUnpublished() {
        return back.count > 0;
    }

    /** Any thread, approximate: whether a published state still waits for the event loop. */
    boolean awaitingTake() {
        return middle.get().count > 0;
    }

    /**
     * Room loop, end of a tick: makes this tick's state the one the event loop takes next.
     *
     * @return whether an older state had not been taken and was released instead (superseded)
     */
    boolean publish() {
        if (back.count == 0) {
            return false;
        }
        Batch old = middle.getAndSet(back);
        boolean superseded = old.count > 0;
        old.releaseAll();
        back = old;
        return superseded;
    }

    /**
     * Event loop: the newest published state, or {@code null} when there is none. The caller
     * writes every buffer and then calls {@link Batch#handedOff()} before the next take.
     */
    Batch take() {
        if (middle.get().count == 0) {
            return null;
        }
        Batch fresh = middle.getAndSet(front);
        front = fresh;
        return fresh.count == 0 ? null : fresh;
    }

    /** After the last take (disconnect seen, or shutdown): releases whatever is still held. */
    void release() {
        back.releaseAll();
        middle.get().releaseAll();
        front.releaseAll();
    }
}
