package dev.aetheris.bench;

import dev.aetheris.protocol.error.TransportException;
import dev.aetheris.protocol.seam.DisconnectReason;
import dev.aetheris.protocol.seam.InboundHandler;
import dev.aetheris.transport.NettyGameTransport;
import dev.aetheris.transport.TransportConfig;
import dev.aetheris.transport.TransportLimits;
import dev.aetheris.transport.client.ClientConnection;
import dev.aetheris.transport.client.ClientListener;
import dev.aetheris.transport.client.ClientTransport;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Loopback round trip through the real transports: a client sends a 64-byte message, a room loop
 * (polling every ~50 µs instead of once per tick, to expose the transport's own cost) echoes it on
 * the same channel and flushes, the client receives it. Measures the transport path only; the tick
 * adds up to one tick period on top in a real server.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class TransportRoundTripBenchmark {

    /** Which channel carries the message. */
    @Param({"ws", "quic-stream", "quic-datagram"})
    public String channel;

    private NettyGameTransport server;
    private ClientTransport clients;
    private ClientConnection conn;
    private Thread room;
    private volatile boolean running;
    private final BlockingQueue<byte[]> received = new ArrayBlockingQueue<>(1024);
    private final byte[] payload = new byte[64];
    private Path dataDir;
    private long sequence;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        dataDir = Files.createTempDirectory("aetheris-bench");
        // One client sends thousands of messages a second here: lift the per-connection budget,
        // which would otherwise (correctly) close it as abusive.
        server = NettyGameTransport.start(TransportConfig.loopback(dataDir).withLimits(
                TransportLimits.DEFAULT.withInboundBudget(1L << 30, 1_000_000, 3)), Map.of());
        running = true;
        room = Thread.ofPlatform().name("bench-room").daemon().start(this::roomLoop);
        clients = new ClientTransport();
        ClientListener listener = new ClientListener() {
            @Override
            public void onMessage(byte[] data, boolean reliable) {
                received.offer(data);
            }

            @Override
            public void onClosed(String reason) {
            }
        };
        conn = channel.equals("ws")
                ? clients.connectWebSocket(URI.create("ws://127.0.0.1:" + server.httpPort() + "/ws"), listener).get()
                : clients.connectQuic(new InetSocketAddress("127.0.0.1", server.quicPort()), server.certificateSha256(),
                        listener).get();
    }

    private void roomLoop() {
        InboundHandler echo = new InboundHandler() {
            @Override
            public void onConnected(long clientId) {
                server.authenticated(clientId);
            }

            @Override
            public void onDisconnected(long clientId, DisconnectReason reason) {
            }

            @Override
            public void onMessage(long clientId, byte[] data, int offset, int length, boolean reliable) {
                if (reliable) {
                    server.sendReliable(clientId, data, offset, length);
                } else {
                    server.sendUnreliable(clientId, data, offset, length);
                }
            }
        };
        while (running) {
            try {
                server.poll(echo);
            } catch (TransportException | RuntimeException | Error e) {
                e.printStackTrace();
                return;
            }
            server.flush();
            LockSupport.parkNanos(50_000);
        }
    }

    @Benchmark
    public byte[] roundTrip() throws InterruptedException {
        long seq = ++sequence;
        java.nio.ByteBuffer.wrap(payload).putLong(0, seq);
        if (channel.equals("quic-datagram")) {
            conn.sendUnreliable(payload);
        } else {
            conn.sendReliable(payload);
        }
        // Wait for this message's echo, skipping late echoes of earlier ones; a lost datagram
        // shows up as a 100 ms sample instead of hanging the run.
        long deadline = System.nanoTime() + 100_000_000L;
        while (true) {
            byte[] got = received.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
            if (got == null || java.nio.ByteBuffer.wrap(got).getLong(0) == seq) {
                return got;
            }
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        conn.close();
        clients.close();
        running = false;
        room.join(2_000);
        server.close();
        try (var files = Files.walk(dataDir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
