package dev.aetheris.transport;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aetheris.protocol.seam.DisconnectReason;
import dev.aetheris.transport.client.ClientConnection;
import dev.aetheris.transport.client.QueueListener;
import java.util.concurrent.TimeUnit;

/** Checks shared by the transports' tests of a disconnect the server starts. */
final class DisconnectChecks {
    private DisconnectChecks() {
    }

    /**
     * The room queues ten 20 KB reliable messages for client {@code id} and disconnects it at once:
     * the client must get all of them, in order, before the close and its reason.
     */
    static void queuedReliableMessagesArriveBeforeTheClose(RoomLoop room, long id, QueueListener l, ClientConnection c)
            throws Exception {
        byte[] big = new byte[20_000];
        room.call(t -> {
            for (int i = 0; i < 10; i++) {
                big[0] = (byte) i;
                t.sendReliable(id, big, 0, big.length);
            }
            t.disconnect(id, "kicked for testing");
            return null;
        });
        for (int i = 0; i < 10; i++) {
            QueueListener.Received r = l.poll(5, TimeUnit.SECONDS);
            assertThat(r).as("reliable message %d before the close", i).isNotNull();
            assertThat(r.data()).hasSize(20_000);
            assertThat(r.data()[0]).isEqualTo((byte) i);
        }
        assertThat(l.closed().get(5, TimeUnit.SECONDS)).isEqualTo("kicked for testing");
        Await.until("disconnect reported", 5_000, () -> room.disconnected.containsKey(id));
        assertThat(room.disconnected.get(id)).isEqualTo(DisconnectReason.DISCONNECTED);
        assertThat(c.isOpen()).isFalse();
    }
}
