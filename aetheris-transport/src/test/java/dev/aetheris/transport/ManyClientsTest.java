package dev.aetheris.transport;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aetheris.transport.client.ClientConnection;
import dev.aetheris.transport.client.ClientListener;
import dev.aetheris.transport.client.ClientTransport;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A tick-shaped load on loopback: 50 WebSocket and 50 QUIC clients on one client event loop group,
 * a room loop broadcasting a datagram every tick and a numbered reliable message every 6th tick,
 * clients sending an input every tick. Every reliable message must arrive, in order, everywhere.
 */
class ManyClientsTest {
    private static final int PER_TRANSPORT = 50;
    private static final int TICKS = 120;

    @TempDir
    Path dir;

    private static final class Counting implements ClientListener {
        final AtomicInteger datagrams = new AtomicInteger();
        final AtomicLong nextReliable = new AtomicLong();
        final AtomicInteger outOfOrder = new AtomicInteger();
        final CompletableFuture<String> closed = new CompletableFuture<>();

        @Override
        public void onMessage(byte[] data, boolean reliable) {
            if (data.length == 8) {
                long n = ByteBuffer.wrap(data).getLong();
                if (n != nextReliable.getAndIncrement()) {
                    outOfOrder.incrementAndGet();
                }
            } else {
                datagrams.incrementAndGet();
            }
        }

        @Override
        public void onClosed(String reason) {
            closed.complete(reason);
        }
    }

    @Test
    void hundredClientsOverBothTransportsReceiveEveryReliableMessageInOrder() throws Exception {
        // All clients share 127.0.0.1: lift the per-IP connection rate as a bot run would.
        TransportConfig config = TransportConfig.loopback(dir)
                .withLimits(TransportLimits.DEFAULT.withConnectionRate(1_000, 1_000));
        try (NettyGameTransport server = NettyGameTransport.start(config, Map.of());
             RoomLoop room = new RoomLoop(server);
             ClientTransport clients = new ClientTransport()) {
            room.echo = false;
            List<CompletableFuture<ClientConnection>> pending = new ArrayList<>();
            List<Counting> listeners = new ArrayList<>();
            for (int i = 0; i < PER_TRANSPORT; i++) {
                Counting ws = new Counting();
                Counting quic = new Counting();
                listeners.add(ws);
                listeners.add(quic);
                pending.add(clients.connectWebSocket(URI.create("ws://127.0.0.1:" + server.httpPort() + "/ws"), ws));
                pending.add(clients.connectQuic(new InetSocketAddress("127.0.0.1", server.quicPort()),
                        server.certificateSha256(), quic));
            }
            List<ClientConnection> conns = new ArrayList<>();
            for (CompletableFuture<ClientConnection> f : pending) {
                conns.add(f.get(10, TimeUnit.SECONDS));
            }
            Await.until("all connected", 10_000, () -> room.connected.size() == 2 * PER_TRANSPORT);
            byte[] snapshot = new byte[300];
            byte[] input = new byte[40];
            int reliableSent = 0;
            for (int tick = 0; tick < TICKS; tick++) {
                long n = tick % 6 == 0 ? reliableSent++ : -1;
                room.call(t -> {
                    t.broadcastUnreliable(snapshot, 0, snapshot.length);
                    if (n >= 0) {
                        byte[] msg = ByteBuffer.allocate(8).putLong(n).array();
                        for (long id : room.connected) {
                            assertThat(t.sendReliable(id, msg, 0, 8)).isEqualTo(dev.aetheris.protocol.seam.SendResult.SENT);
                        }
                    }
                    return null;
                });
                for (ClientConnection c : conns) {
                    c.sendUnreliable(input);
                }
                Thread.sleep(16);
            }
            int expectedReliable = reliableSent;
            Await.until("every reliable message delivered", 10_000,
                    () -> listeners.stream().allMatch(l -> l.nextReliable.get() == expectedReliable));
            assertThat(listeners).allMatch(l -> l.outOfOrder.get() == 0);
            // Datagrams may be lost in principle; on loopback (with the enlarged UDP buffers) none are.
            int datagrams = listeners.stream().mapToInt(l -> l.datagrams.get()).sum();
            assertThat(datagrams).isGreaterThanOrEqualTo(2 * PER_TRANSPORT * TICKS * 9 / 10);
            Thread.sleep(200); // the last ticks' inputs may still be on their way
            long inputs = room.messages.values().stream().mapToLong(List::size).sum();
            assertThat(inputs).isGreaterThanOrEqualTo(2L * PER_TRANSPORT * TICKS * 9 / 10);
            assertThat(server.quicCounters().droppedInbound()).isZero();
            assertThat(server.connectedCount()).isEqualTo(2 * PER_TRANSPORT);
            assertThat(listeners).noneMatch(l -> l.closed.isDone());
        }
    }
}
