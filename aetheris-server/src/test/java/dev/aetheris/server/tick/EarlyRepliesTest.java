package dev.aetheris.server.tick;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aetheris.codec.MsgpackCodec;
import dev.aetheris.protocol.error.CodecException;
import dev.aetheris.protocol.error.TransportException;
import dev.aetheris.protocol.event.WireEvent;
import dev.aetheris.protocol.seam.GameTransport;
import dev.aetheris.protocol.seam.InboundHandler;
import dev.aetheris.protocol.seam.SendResult;
import dev.aetheris.server.tick.TickHarness.Player;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Pongs leave right after the apply stage (a flush before the tick's state is produced), so a
 * round trip does not wait for the replication of every client; a ClearWorld ack waits for the
 * tick's own flush.
 */
class EarlyRepliesTest {
    private final List<String> calls = new ArrayList<>();
    private final TickHarness h = new TickHarness(t -> new Recording(t, calls));

    @Test
    void aPongIsFlushedBeforeTheTicksStateIsSent() {
        Player p = h.withShip(false);
        Player other = h.withShip(false);
        p.sync();
        other.sync();
        h.ticks(2);
        calls.clear();
        p.send(new WireEvent.Ping(7), false);
        h.ticks(1);
        int pong = calls.indexOf("reliable Pong");
        int firstFlush = calls.indexOf("flush");
        assertThat(pong).as("the Pong was sent: %s", calls).isGreaterThanOrEqualTo(0);
        assertThat(firstFlush).as("a flush right after the Pong: %s", calls).isGreaterThan(pong);
        assertThat(calls.subList(0, firstFlush)).as("nothing unreliable before that flush").doesNotContain("unreliable");
        assertThat(calls).as("the tick still ends with its own flush").endsWith("flush");
        assertThat(calls.stream().filter("flush"::equals)).as("two flushes in the tick: %s", calls).hasSize(2);
    }

    @Test
    void aTickWithoutPongsFlushesOnceAndAClearWorldAckWaitsForTheEnd() {
        Player admin = h.withShip(true);
        admin.sync();
        h.ticks(1);
        calls.clear();
        h.ticks(1);
        assertThat(calls.stream().filter("flush"::equals)).as("a quiet tick: %s", calls).hasSize(1);
        calls.clear();
        admin.send(new WireEvent.Ping(8), false);
        admin.send(new WireEvent.ClearWorld(), true);
        h.ticks(1);
        assertThat(calls).as("the ack and the Pong went out: %s", calls).contains("reliable ClearWorld", "reliable Pong");
        assertThat(calls.stream().filter("flush"::equals)).as("only the tick's own flush: %s", calls).hasSize(1);
        assertThat(calls).endsWith("flush");
    }

    /** Passes everything to the harness' transport and notes what the scheduler asked, in order. */
    private static final class Recording implements GameTransport {
        private final GameTransport t;
        private final List<String> calls;
        private final MsgpackCodec codec = new MsgpackCodec();

        Recording(GameTransport t, List<String> calls) {
            this.t = t;
            this.calls = calls;
        }

        @Override
        public void poll(InboundHandler handler) throws TransportException {
            t.poll(handler);
        }

        @Override
        public SendResult sendUnreliable(long clientId, byte[] data, int offset, int length) {
            calls.add("unreliable");
            return t.sendUnreliable(clientId, data, offset, length);
        }

        @Override
        public SendResult sendReliable(long clientId, byte[] data, int offset, int length) {
            String name;
            try {
                name = codec.decodeEvent(data, offset, length).variantName();
            } catch (CodecException e) {
                name = "?";
            }
            calls.add("reliable " + name);
            return t.sendReliable(clientId, data, offset, length);
        }

        @Override
        public int broadcastUnreliable(byte[] data, int offset, int length) {
            calls.add("broadcast");
            return t.broadcastUnreliable(data, offset, length);
        }

        @Override
        public void disconnect(long clientId, String reason) {
            t.disconnect(clientId, reason);
        }

        @Override
        public void authenticated(long clientId) {
            t.authenticated(clientId);
        }

        @Override
        public int maxUnreliableSize(long clientId) {
            return t.maxUnreliableSize(clientId);
        }

        @Override
        public int sendCapacity(long clientId) {
            return t.sendCapacity(clientId);
        }

        @Override
        public int connectedCount() {
            return t.connectedCount();
        }

        @Override
        public void flush() {
            calls.add("flush");
            t.flush();
        }
    }
}
