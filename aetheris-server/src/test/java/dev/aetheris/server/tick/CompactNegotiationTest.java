package dev.aetheris.server.tick;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aetheris.codec.compact.CompactFrames;
import dev.aetheris.protocol.event.WireEvent;
import dev.aetheris.server.tick.TickHarness.Player;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Codec v2 on the input path: HELLO before Auth selects v2; INPUT headers carry acks and an input. */
class CompactNegotiationTest {
    private final TickHarness h = new TickHarness();

    private static byte[] withAck(long ack, byte[] message) {
        byte[] out = new byte[CompactFrames.INPUT_HEADER + message.length];
        CompactFrames.writeInputHeader(ack, out, 0);
        System.arraycopy(message, 0, out, CompactFrames.INPUT_HEADER, message.length);
        return out;
    }

    @Test
    void aHelloBeforeAuthSelectsV2AndWithoutOneTheClientStaysOnV1() {
        Player v2 = h.connect();
        byte[] hello = new byte[3];
        CompactFrames.writeHello(hello, 0);
        v2.sendRaw(hello, true);
        h.ticks(1);
        assertThat(h.metrics.unprivilegedPackets.get()).as("a Hello is not an unprivileged packet").isZero();
        Player v1 = h.authenticated(false);
        assertThat(h.tick.isCompact(v2.id())).isTrue();
        assertThat(h.tick.isCompact(v1.id())).isFalse();
        assertThat(h.tick.isCompact(12345)).isFalse();
    }

    @Test
    void aStartSessionBehindAnInputHeaderRightAfterAuthIsHeldAndPlayed() {
        Player p = h.connect();
        byte[] hello = new byte[3];
        CompactFrames.writeHello(hello, 0);
        h.sessions.issue("v2-token", "v2-player", false);
        p.sendRaw(hello, true);
        p.send(new WireEvent.Auth("v2-token"), true);
        p.sendRaw(withAck(0, h.encode(new WireEvent.StartSession())), true); // as the browser sends it
        h.ticks(3);
        boolean possessed = false;
        for (byte[] b : p.client.takeReliable()) {
            if (!CompactFrames.isCompact(b, 0, b.length) && h.decode(b) instanceof WireEvent.GameEvent g
                    && g.event() instanceof dev.aetheris.protocol.event.GameEvent.Possession) {
                possessed = true;
            }
        }
        assertThat(possessed).as("Possession for the held StartSession").isTrue();
        assertThat(h.metrics.unprivilegedPackets.get()).isZero();
    }

    @Test
    void anInputHeaderRecordsTheNewestAckAndTheInputItCarriesIsApplied() {
        Player p = h.withShip(false);
        p.sendRaw(withAck(7, h.inputFrame(p.ship, 10, 1f, 0f)), false);
        h.ticks(1);
        assertThat(h.tick.snapshotAck(p.id())).isEqualTo(7);
        assertThat(h.world.appliedInputs()).singleElement().satisfies(in -> assertThat(in.input().tick()).isEqualTo(10));
        p.sendRaw(withAck(5, new byte[0]), false); // a bare ack
        p.sendRaw(withAck(9, h.encode(new WireEvent.Ping(3))), false);
        h.ticks(1);
        assertThat(h.tick.snapshotAck(p.id())).as("the latest ack of the tick").isEqualTo(9);
        assertThat(p.reliable()).contains(new WireEvent.Pong(3));
    }

    @Test
    void malformedOrNestedV2MessagesAreCountedAndDropped() {
        Player p = h.withShip(false);
        long before = h.metrics.decodeErrors.get();
        p.sendRaw(new byte[] {(byte) 0xc1, 0x04, 1}, false); // truncated header
        p.sendRaw(withAck(3, withAck(4, new byte[0])), false); // INPUT inside INPUT
        p.sendRaw(new byte[] {(byte) 0xc1, 0x03, 0, 0, 0, 0}, false); // a server-only type
        h.ticks(1);
        assertThat(h.metrics.decodeErrors.get() - before).isEqualTo(3);
        assertThat(h.tick.snapshotAck(p.id())).isZero();
        assertThat(Arrays.asList(h.tick.authenticatedCount())).containsExactly(1);
    }
}
