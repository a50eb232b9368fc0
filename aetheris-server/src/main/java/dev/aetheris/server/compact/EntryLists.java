package dev.aetheris.server.compact;

import java.util.Arrays;

/**
 * The encoder's pool of {@link EntryList}s, shared by reference: a client that takes another's
 * target, or a snapshot body another client wrote (and so the snapshot it leaves behind), holds
 * the same list instead of copying it. A list is built only by the one who took it from the
 * pool, before anyone else holds it; it comes back when its last holder lets go. A holder that
 * is dropped without letting go (a client that disconnects) only means its lists are left to
 * the garbage collector instead of being reused.
 *
 * <p>Room-loop thread only; allocation-free once the pool holds as many lists as are in use.
 */
final class EntryLists {
    private EntryList[] free = new EntryList[64];
    private int count;

    /** A list only the caller holds, to be built ({@link EntryList#clear} first). */
    EntryList take() {
        EntryList l = count > 0 ? free[--count] : new EntryList();
        free[count] = null;
        l.refs = 1;
        return l;
    }

    /** One more holder of {@code l}; returns it. */
    static EntryList hold(EntryList l) {
        l.refs++;
        return l;
    }

    /** A holder lets go of {@code l} (null: nothing); the last one returns it to the pool. */
    void letGo(EntryList l) {
        if (l == null) {
            return;
        }
        assert l.refs > 0 : "a list let go of more often than held";
        if (--l.refs == 0) {
            if (count == free.length) {
                free = Arrays.copyOf(free, count * 2);
            }
            free[count++] = l;
        }
    }
}
