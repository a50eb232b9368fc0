package dev.aetheris.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.aetheris.protocol.Sizes;
import dev.aetheris.protocol.error.TransportException;
import dev.aetheris.protocol.seam.DisconnectReason;
import dev.aetheris.protocol.seam.InboundHandler;
import dev.aetheris.protocol.seam.SendResult;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class InMemoryTransportTest {

    /** Records what a poll delivered as readable strings. */
    static final class Recorder implements InboundHandler {
        final List<String> events = new ArrayList<>();

        @Override
        public void onConnected(long clientId) {
            events.add("connected " + clientId);
        }

        @Override
        public void onDisconnected(long clientId, DisconnectReason reason) {
            events.add("disconnected " + clientId + " " + reason);
        }

        @Override
        public void onMessage(long clientId, byte[] data, int offset, int length, boolean reliable) {
            events.add((reliable ? "reliable " : "unreliable ") + clientId + " " + data[offset] + "/" + length);
        }
    }

    @Test
    void deliversConnectMessagesAndDisconnectInOrder() throws Exception {
        InMemoryTransport t = new InMemoryTransport();
        ScriptedClient a = t.connect();
        a.sendReliable(new byte[] {1, 2});
        a.sendUnreliable(new byte[] {3});
        a.drop(DisconnectReason.STREAM_RESET);
        Recorder r = new Recorder();
        t.poll(r);
        assertThat(r.events).containsExactly("connected 1", "reliable 1 1/2", "unreliable 1 3/1",
                "disconnected 1 STREAM_RESET");
        assertThatThrownBy(() -> a.sendReliable(new byte[] {1})).isInstanceOf(IllegalStateException.class);
        Recorder again = new Recorder();
        t.poll(again);
        assertThat(again.events).isEmpty();
    }

    @Test
    void serverSendsReachTheClientAndRespectLimits() {
        InMemoryTransport t = new InMemoryTransport(InMemoryTransport.Options.DEFAULT.withQueues(2, 1));
        ScriptedClient a = t.connect();
        ScriptedClient b = t.connect();
        assertThat(t.sendUnreliable(a.id(), new byte[] {9, 8, 7}, 1, 2)).isEqualTo(SendResult.SENT);
        assertThat(t.sendUnreliable(a.id(), new byte[Sizes.MAX_SAFE_PAYLOAD_SIZE + 1], 0, Sizes.MAX_SAFE_PAYLOAD_SIZE + 1))
                .isEqualTo(SendResult.TOO_LARGE);
        assertThat(t.sendUnreliable(a.id(), new byte[] {1}, 0, 1)).isEqualTo(SendResult.SENT);
        assertThat(t.sendUnreliable(a.id(), new byte[] {1}, 0, 1)).isEqualTo(SendResult.QUEUE_FULL);
        assertThat(t.sendReliable(a.id(), new byte[] {5}, 0, 1)).isEqualTo(SendResult.SENT);
        assertThat(t.sendReliable(a.id(), new byte[] {6}, 0, 1)).isEqualTo(SendResult.QUEUE_FULL);
        assertThat(t.sendReliable(999, new byte[] {6}, 0, 1)).isEqualTo(SendResult.NOT_CONNECTED);
        assertThat(a.takeUnreliable()).containsExactly(new byte[] {8, 7}, new byte[] {1});
        assertThat(a.takeReliable()).containsExactly(new byte[] {5});
        assertThat(a.droppedUnreliable()).isEqualTo(1);
        assertThat(t.broadcastUnreliable(new byte[] {4}, 0, 1)).isEqualTo(2);
        assertThat(b.takeUnreliable()).containsExactly(new byte[] {4});
        assertThat(t.connectedCount()).isEqualTo(2);
    }

    @Test
    void serverDisconnectClosesTheClientAndIsReported() throws Exception {
        InMemoryTransport t = new InMemoryTransport();
        ScriptedClient a = t.connect();
        t.disconnect(a.id(), "kicked");
        assertThat(a.isConnected()).isFalse();
        assertThat(a.closeReason()).isEqualTo("kicked");
        assertThat(t.sendReliable(a.id(), new byte[] {1}, 0, 1)).isEqualTo(SendResult.NOT_CONNECTED);
        Recorder r = new Recorder();
        t.poll(r);
        assertThat(r.events).containsExactly("connected 1", "disconnected 1 DISCONNECTED");
        assertThat(t.connectedCount()).isZero();
    }

    @Test
    void injectedPollFailuresThrowThenRecover() throws Exception {
        InMemoryTransport t = new InMemoryTransport();
        t.connect();
        t.failNextPolls(2);
        Recorder r = new Recorder();
        assertThatThrownBy(() -> t.poll(r)).isInstanceOf(TransportException.class).hasMessageContaining("injected");
        assertThatThrownBy(() -> t.poll(r)).isInstanceOf(TransportException.class);
        t.poll(r);
        assertThat(r.events).containsExactly("connected 1");
    }

    @Test
    void faultsDropDuplicateAndReorderOnlyDatagrams() throws Exception {
        InMemoryTransport t = new InMemoryTransport(InMemoryTransport.Options.DEFAULT
                .withFaults(new Faults(0.3, 0.3, 0.3, 42)));
        ScriptedClient a = t.connect();
        for (int i = 0; i < 200; i++) {
            a.sendUnreliable(new byte[] {(byte) i});
        }
        for (int i = 0; i < 50; i++) {
            a.sendReliable(new byte[] {(byte) i});
        }
        List<Integer> unreliable = new ArrayList<>();
        List<Integer> reliable = new ArrayList<>();
        t.poll(new InboundHandler() {
            @Override
            public void onConnected(long clientId) {
            }

            @Override
            public void onDisconnected(long clientId, DisconnectReason reason) {
            }

            @Override
            public void onMessage(long clientId, byte[] data, int offset, int length, boolean rel) {
                (rel ? reliable : unreliable).add(data[offset] & 0xFF);
            }
        });
        assertThat(reliable).hasSize(50).isSorted();
        assertThat(unreliable.size()).isNotEqualTo(200);
        assertThat(unreliable.stream().distinct().count()).as("some dropped").isLessThan(200);
        assertThat(unreliable).as("duplicates present").hasSizeGreaterThan((int) unreliable.stream().distinct().count());
        assertThat(unreliable).as("reordered").isNotEqualTo(unreliable.stream().sorted().toList());
    }

    @Test
    void sendCapacityIsWhatTheTestSetPerClientAndZeroOnceClosed() throws Exception {
        InMemoryTransport t = new InMemoryTransport();
        ScriptedClient a = t.connect();
        ScriptedClient b = t.connect();
        assertThat(t.sendCapacity(a.id())).isEqualTo(Integer.MAX_VALUE);
        a.setSendCapacity(1500);
        assertThat(t.sendCapacity(a.id())).isEqualTo(1500);
        assertThat(t.sendCapacity(b.id())).isEqualTo(Integer.MAX_VALUE);
        t.sendUnreliable(a.id(), new byte[1000], 0, 1000);
        assertThat(t.sendCapacity(a.id())).as("sends do not lower it").isEqualTo(1500);
        t.disconnect(a.id(), "bye");
        assertThat(t.sendCapacity(a.id())).isZero();
        assertThat(t.sendCapacity(999)).isZero();
        assertThatThrownBy(() -> b.setSendCapacity(-1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("-1");
    }

    @Test
    void manualClockOnlyMovesForward() {
        ManualClock c = new ManualClock(10);
        c.advanceNanos(5);
        assertThat(c.nanoTime()).isEqualTo(15);
        assertThatThrownBy(() -> c.advance(java.time.Duration.ofNanos(-1))).isInstanceOf(IllegalArgumentException.class);
    }
}
