package dev.aetheris.transport;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aetheris.protocol.seam.SendResult;
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
 * a room loop broadcasting one state datagram per tick and a numbered reliable message every 6th
 * tick, clients sending an input every tick. It asserts what the transports promise, not what a
 * machine manages: every reliable message arrives, in order, everywhere; state never goes back in
 * time on an ordered stream and never arrives twice; the newest state reaches every client; every
 * state datagram the room handed over is either written or counted as superseded or dropped; every
 * inbound message is delivered or counted as dropped.
 */
class ManyClientsTest {
    private static final int PER_TRANSPORT = 50;
    private static final int TICKS = 120;
    private static final int STATE_SIZE = 300;

    @TempDir
    Path dir;

    private static final class Counting implements ClientListener {
        final boolean ordered;
        final AtomicLong nextReliable = new AtomicLong();
        final AtomicInteger outOfOrder = new AtomicInteger();
        final AtomicLong newestTick = new AtomicLong(-1);
        final AtomicInteger stateBackInTime = new AtomicInteger();
        final AtomicInteger stateRepeated = new AtomicInteger();
        final CompletableFuture<String> closed = new CompletableFuture<>();

        Counting(boolean ordered) {
            this.ordered = ordered;
        }

        @Override
        public void onMessage(byte[] data, boolean reliable) {
            long n = ByteBuffer.wrap(data).getLong();
            if (data.length == 8) {
                if (n != nextReliable.getAndIncrement()) {
                    outOfOrder.incrementAndGet();
                }
                return;
            }
            long previous = newestTick.getAndAccumulate(n, Math::max);
            if (n == previous && n != TICKS - 1) { // the last tick's state is repeated on purpose
                stateRepeated.incrementAndGet();
            } else if (n < previous && ordered) {
                stateBackInTime.incrementAndGet();
            }
        }

        @Override
        public void onClosed(String reason) {
            closed.complete(reason);
        }
    }

    @Test
    void hundredClientsGetEveryReliableMessageInOrderAndTheNewestState() throws Exception {
        // All clients share 127.0.0.1: lift the per-IP connection rate as a bot run would. Connecting
        // 100 clients can take longer than the 5 s auth deadline on a busy machine, and these
        // clients only authenticate with their first input: give them a minute.
        TransportConfig config = TransportConfig.loopback(dir)
                .withLimits(TransportLimits.DEFAULT.withConnectionRate(1_000, 1_000)
                        .withDeadlines(java.time.Duration.ofSeconds(60), java.time.Duration.ofSeconds(60)));
        try (NettyGameTransport server = NettyGameTransport.start(config, Map.of());
             RoomLoop room = new RoomLoop(server);
             ClientTransport clients = new ClientTransport()) {
            room.echo = false;
            List<CompletableFuture<ClientConnection>> pending = new ArrayList<>();
            List<Counting> listeners = new ArrayList<>();
            for (int i = 0; i < PER_TRANSPORT; i++) {
                Counting ws = new Counting(true);
                Counting quic = new Counting(false);
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
            byte[] input = new byte[40];
            int reliableSent = 0;
            long accepted = 0;
            for (int tick = 0; tick < TICKS; tick++) {
                accepted += broadcastState(room, tick);
                if (tick % 6 == 0) {
                    byte[] msg = ByteBuffer.allocate(8).putLong(reliableSent++).array();
                    room.call(t -> {
                        for (long id : room.connected) {
                            assertThat(t.sendReliable(id, msg, 0, 8)).isEqualTo(SendResult.SENT);
                        }
                        return null;
                    });
                }
                for (ClientConnection c : conns) {
                    c.sendUnreliable(input);
                }
                Thread.sleep(16); // paced like a tick; nothing below depends on how long it took
            }
            int expectedReliable = reliableSent;
            Await.until("every reliable message delivered", 20_000,
                    () -> listeners.stream().allMatch(l -> l.nextReliable.get() == expectedReliable));
            assertThat(listeners).allMatch(l -> l.outOfOrder.get() == 0);

            // Newest wins: a datagram may be lost, so the last tick's state is repeated (as
            // replication would) until every client holds it.
            long last = TICKS - 1;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (!listeners.stream().allMatch(l -> l.newestTick.get() == last) && System.nanoTime() < deadline) {
                accepted += broadcastState(room, last);
                Thread.sleep(16);
            }
            assertThat(listeners).as("every client holds the newest state").allMatch(l -> l.newestTick.get() == last);
            assertThat(listeners).as("an ordered stream never goes back in time").allMatch(l -> l.stateBackInTime.get() == 0);
            assertThat(listeners.stream().filter(l -> !l.ordered))
                    .as("a datagram never arrives twice").allMatch(l -> l.stateRepeated.get() == 0);

            // Every state datagram the room handed over was written, superseded or dropped (each
            // tick's state is one datagram here, so superseded states count datagrams).
            long reliableWritten = (long) expectedReliable * 2 * PER_TRANSPORT;
            long acceptedTotal = accepted;
            Await.until("outbound accounting settles", 10_000, () -> acceptedTotal == written(server) - reliableWritten
                    + superseded(server) + server.wsCounters().droppedOutbound() + server.quicCounters().droppedOutbound());

            // Inbound: every input was delivered to the room or counted as dropped.
            Await.until("inbound accounting settles", 10_000, () -> delivered(room)
                    == server.wsCounters().messagesIn() + server.quicCounters().messagesIn()
                    - server.wsCounters().droppedInbound() - server.quicCounters().droppedInbound());
            assertThat(delivered(room)).isPositive();
            assertThat(server.connectedCount()).as("disconnected: %s, ws %s quic %s", room.disconnected,
                    server.wsCounters().abuseCloses(), server.quicCounters().abuseCloses())
                    .isEqualTo(2 * PER_TRANSPORT);
            assertThat(listeners).noneMatch(l -> l.closed.isDone());
        }
    }

    /** One tick: the same state datagram (tick number first) to everyone; returns how many accepted it. */
    private static int broadcastState(RoomLoop room, long tick) throws Exception {
        byte[] state = ByteBuffer.allocate(STATE_SIZE).putLong(tick).array();
        return room.call(t -> t.broadcastUnreliable(state, 0, state.length));
    }

    private static long written(NettyGameTransport s) {
        return s.wsCounters().messagesOut() + s.quicCounters().messagesOut();
    }

    private static long superseded(NettyGameTransport s) {
        return s.wsCounters().stateSuperseded() + s.quicCounters().stateSuperseded();
    }

    private static long delivered(RoomLoop room) {
        return room.messages.values().stream().mapToLong(List::size).sum();
    }
}
