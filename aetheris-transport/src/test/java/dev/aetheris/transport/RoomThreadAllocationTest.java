package dev.aetheris.transport;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aetheris.protocol.seam.DisconnectReason;
import dev.aetheris.protocol.seam.InboundHandler;
import dev.aetheris.transport.client.ClientConnection;
import dev.aetheris.transport.client.ClientTransport;
import dev.aetheris.transport.client.QueueListener;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The room loop's side of the transport (poll, send, flush) must not allocate in steady state:
 * the tick's zero-allocation rule covers the calls it makes into the transport.
 */
class RoomThreadAllocationTest {
    @TempDir
    Path dir;

    private static final InboundHandler IGNORE = new InboundHandler() {
        @Override
        public void onConnected(long clientId) {
        }

        @Override
        public void onDisconnected(long clientId, DisconnectReason reason) {
        }

        @Override
        public void onMessage(long clientId, byte[] data, int offset, int length, boolean reliable) {
        }
    };

    @Test
    void steadyStateSendsFlushesAndPollsAllocateNothingOnTheRoomThread() throws Exception {
        // Leak tracking records a stack trace per buffer; it would dominate what is measured here.
        io.netty.util.ResourceLeakDetector.Level level = io.netty.util.ResourceLeakDetector.getLevel();
        io.netty.util.ResourceLeakDetector.setLevel(io.netty.util.ResourceLeakDetector.Level.DISABLED);
        try {
            measure();
        } finally {
            io.netty.util.ResourceLeakDetector.setLevel(level);
        }
    }

    private void measure() throws Exception {
        try (NettyGameTransport server = NettyGameTransport.start(TransportConfig.loopback(dir), Map.of());
             RoomLoop room = new RoomLoop(server);
             ClientTransport clients = new ClientTransport()) {
            room.echo = false;
            List<ClientConnection> conns = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                conns.add(clients.connectWebSocket(URI.create("ws://127.0.0.1:" + server.httpPort() + "/ws"),
                        new QueueListener()).get(5, TimeUnit.SECONDS));
                conns.add(clients.connectQuic(new InetSocketAddress("127.0.0.1", server.quicPort()),
                        server.certificateSha256(), new QueueListener()).get(5, TimeUnit.SECONDS));
            }
            Await.until("all connected", 5_000, () -> room.connected.size() == 8);
            long[] ids = room.connected.stream().mapToLong(Long::longValue).toArray();
            byte[] datagram = new byte[200];
            byte[] reliable = new byte[50];
            com.sun.management.ThreadMXBean mx =
                    (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
            long[] allocated = new long[1];
            for (int round = 0; round < 3; round++) {
                allocated[0] = room.call(t -> {
                    // Warm-up ticks first, then measured ticks; 8 clients x 2 messages per tick.
                    for (int tick = 0; tick < 200; tick++) {
                        tick(t, ids, datagram, reliable);
                    }
                    long before = mx.getCurrentThreadAllocatedBytes();
                    for (int tick = 0; tick < 500; tick++) {
                        tick(t, ids, datagram, reliable);
                    }
                    return mx.getCurrentThreadAllocatedBytes() - before;
                });
                if (allocated[0] == 0) {
                    break;
                }
                Thread.sleep(100); // let the event loops catch up before measuring again
            }
            // 500 ticks x 16 sends: anything per message would show up as many kilobytes.
            assertThat(allocated[0]).as("bytes allocated on the room thread over 500 ticks").isLessThan(4_096);
            for (ClientConnection c : conns) {
                c.close();
            }
        }
    }

    private static void tick(NettyGameTransport t, long[] ids, byte[] datagram, byte[] reliable) {
        try {
            t.poll(IGNORE);
        } catch (dev.aetheris.protocol.error.TransportException e) {
            throw new IllegalStateException(e);
        }
        for (long id : ids) {
            t.sendUnreliable(id, datagram, 0, datagram.length);
            t.sendReliable(id, reliable, 0, reliable.length);
        }
        t.flush();
        // Between real ticks the event loops drain what the tick queued. On a busy machine they
        // may fall behind this loop; a backlog makes the allocator and the event loops' task
        // queues grow, which is not the steady state measured here, so wait (bounded) for them.
        for (int spin = 0; spin < 400 && !drained(t, ids); spin++) {
            java.util.concurrent.locks.LockSupport.parkNanos(50_000);
        }
    }

    private static boolean drained(NettyGameTransport t, long[] ids) {
        for (long id : ids) {
            Connection c = t.connection(id);
            if (c != null && (!c.reliableOut.isEmpty() || c.state.awaitingTake())) {
                return false;
            }
        }
        return true;
    }
}
