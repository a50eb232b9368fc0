package dev.aetheris.transport;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aetheris.protocol.http.HttpResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Slow senders, many sockets and strange versions on the plain HTTP side, over real sockets. */
class HttpHardeningTest {
    @TempDir
    Path dir;
    private NettyGameTransport server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    @AfterAll
    static void leaks() throws InterruptedException {
        LeakCheck.assertNoLeaks();
    }

    private void start(TransportLimits limits) throws Exception {
        TransportConfig config = TransportConfig.loopback(dir).withLimits(limits)
                .withPorts(0, TransportConfig.QUIC_DISABLED);
        server = NettyGameTransport.start(config, Map.of("/", req -> HttpResponse.text(200, "hello\n")));
    }

    private Socket socket() throws IOException {
        Socket s = new Socket("127.0.0.1", server.httpPort());
        s.setSoTimeout(5_000);
        return s;
    }

    /** Everything the server sends until it closes (or the socket timeout). */
    private static String readAll(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[512];
        try {
            int n;
            while ((n = in.read(buf)) >= 0) {
                out.write(buf, 0, n);
            }
        } catch (SocketTimeoutException e) {
            return out.toString(StandardCharsets.US_ASCII) + "<still open>";
        } catch (java.net.SocketException e) {
            return out.toString(StandardCharsets.US_ASCII) + "<reset>";
        }
        return out.toString(StandardCharsets.US_ASCII) + "<closed>";
    }

    private static void send(Socket s, String text) throws IOException {
        OutputStream out = s.getOutputStream();
        out.write(text.getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    @Test
    void headersTrickledByteByByteAreAnswered408AndClosedAtTheDeadline() throws Exception {
        start(TransportLimits.DEFAULT.withHttp(Duration.ofMillis(400), 64));
        try (Socket slow = socket()) {
            String request = "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ";
            boolean closedWhileSending = false;
            send(slow, request);
            for (int i = 0; i < 40 && !closedWhileSending; i++) { // 4 s of one byte per 100 ms, at most
                Thread.sleep(100);
                try {
                    send(slow, "a");
                } catch (IOException e) {
                    closedWhileSending = true;
                }
                closedWhileSending |= server.httpCounters().requestTimeouts() == 1;
            }
            assertThat(server.httpCounters().requestTimeouts()).isEqualTo(1);
            // Closed after the 408; a reset instead of a FIN is fine (the trickler's last bytes were unread).
            assertThat(readAll(slow.getInputStream())).startsWith("HTTP/1.1 408")
                    .satisfiesAnyOf(a -> assertThat(a).endsWith("<closed>"), a -> assertThat(a).endsWith("<reset>"));
        }
        // A prompt request on a fresh connection is served as before, and keep-alive works past the deadline.
        try (Socket ok = socket()) {
            send(ok, "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
            Thread.sleep(600); // longer than the request deadline, between requests: not a slow request
            send(ok, "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
            String answers = readAll(ok.getInputStream());
            assertThat(answers.split("HTTP/1.1 200", -1)).hasSize(3);
            assertThat(answers).endsWith("<closed>");
        }
        assertThat(server.httpCounters().requestTimeouts()).isEqualTo(1);
    }

    @Test
    void anIpHoldingTheMostPlainHttpConnectionsAllowedIsRefusedMoreUntilOneCloses() throws Exception {
        start(TransportLimits.DEFAULT.withHttp(Duration.ofSeconds(10), 3));
        List<Socket> held = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) {
                Socket s = socket();
                send(s, "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"); // keep-alive: stays open
                assertThat(s.getInputStream().read()).isEqualTo('H');
                held.add(s);
            }
            try (Socket fourth = socket()) {
                send(fourth, "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
                assertThat(readAll(fourth.getInputStream())).isIn("<closed>", "<reset>");
            }
            assertThat(server.httpCounters().connectionsRefused()).isEqualTo(1);
            held.removeFirst().close();
            Await.until("slot given back", 5_000, () -> server.httpSlots().held(
                    java.net.InetAddress.getLoopbackAddress()) == 2);
            try (Socket again = socket()) {
                send(again, "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
                assertThat(readAll(again.getInputStream())).startsWith("HTTP/1.1 200").endsWith("<closed>");
            }
        } finally {
            for (Socket s : held) {
                s.close();
            }
        }
    }

    @Test
    void versionsOtherThanHttp10And11Get505() throws Exception {
        start(TransportLimits.DEFAULT);
        try (Socket s = socket()) {
            send(s, "GET / HTTP/9.9\r\nHost: 127.0.0.1\r\n\r\n");
            assertThat(readAll(s.getInputStream())).startsWith("HTTP/1.1 505").endsWith("<closed>");
        }
        try (Socket s = socket()) {
            send(s, "GET / HTTP/1.0\r\n\r\n");
            assertThat(readAll(s.getInputStream())).startsWith("HTTP/1.1 200");
        }
        assertThat(server.httpCounters().versionRefused()).isEqualTo(1);
        StringBuilder metrics = new StringBuilder();
        server.appendPrometheus(metrics);
        assertThat(metrics).contains("aetheris_http_version_refused_total 1\n");
    }
}
