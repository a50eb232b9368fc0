package dev.aetheris.server.tick;

import dev.aetheris.protocol.seam.DisconnectReason;
import dev.aetheris.protocol.seam.InboundHandler;
import java.util.Arrays;

/**
 * Collects one poll's events so the Apply stage can process them after Poll, as the seed orders
 * the stages. Message bytes are copied into one reused arena; arrays grow during warm-up only.
 * The room layer also uses it to hand events from the routing thread to a room's loop.
 *
 * <p>Not thread-safe: one writer at a time, and no reader while it is written.
 */
public final class InboundBuffer implements InboundHandler {
    static final byte CONNECTED = 1;
    static final byte MESSAGE = 2;
    static final byte DISCONNECTED = 3;
    private static final DisconnectReason[] REASONS = DisconnectReason.values();

    byte[] type = new byte[256];
    long[] client = new long[256];
    int[] offset = new int[256];
    int[] length = new int[256];
    /** For messages: 1 if reliable. For disconnects: the reason's ordinal. */
    int[] flag = new int[256];
    byte[] arena = new byte[64 * 1024];
    int size;
    private int arenaUsed;

    /** Forgets every event; keeps the arrays. */
    public void clear() {
        size = 0;
        arenaUsed = 0;
    }

    /** Events held. */
    public int size() {
        return size;
    }

    /** Delivers every held event to {@code handler}, in order; message bytes are lent from the arena. */
    public void replay(InboundHandler handler) {
        for (int i = 0; i < size; i++) {
            switch (type[i]) {
                case CONNECTED -> handler.onConnected(client[i]);
                case DISCONNECTED -> handler.onDisconnected(client[i], reason(i));
                case MESSAGE -> handler.onMessage(client[i], arena, offset[i], length[i], flag[i] == 1);
                default -> throw new IllegalStateException("unknown inbound type " + type[i]);
            }
        }
    }

    @Override
    public void onConnected(long clientId) {
        add(CONNECTED, clientId, 0);
    }

    @Override
    public void onDisconnected(long clientId, DisconnectReason reason) {
        add(DISCONNECTED, clientId, reason.ordinal());
    }

    @Override
    public void onMessage(long clientId, byte[] data, int off, int len, boolean reliable) {
        if (arenaUsed + len > arena.length) {
            arena = Arrays.copyOf(arena, Math.max(arena.length * 2, arenaUsed + len));
        }
        System.arraycopy(data, off, arena, arenaUsed, len);
        int i = add(MESSAGE, clientId, reliable ? 1 : 0);
        offset[i] = arenaUsed;
        length[i] = len;
        arenaUsed += len;
    }

    DisconnectReason reason(int i) {
        return REASONS[flag[i]];
    }

    int messages() {
        int n = 0;
        for (int i = 0; i < size; i++) {
            if (type[i] == MESSAGE) {
                n++;
            }
        }
        return n;
    }

    private int add(byte t, long clientId, int f) {
        if (size == type.length) {
            int n = size * 2;
            type = Arrays.copyOf(type, n);
            client = Arrays.copyOf(client, n);
            offset = Arrays.copyOf(offset, n);
            length = Arrays.copyOf(length, n);
            flag = Arrays.copyOf(flag, n);
        }
        int i = size++;
        type[i] = t;
        client[i] = clientId;
        flag[i] = f;
        offset[i] = 0;
        length[i] = 0;
        return i;
    }
}
