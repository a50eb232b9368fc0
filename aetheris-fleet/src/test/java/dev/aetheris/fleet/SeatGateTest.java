package dev.aetheris.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.InstantSource;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Reservations verify on any node holding the secret, and only the room's node honours them, once. */
class SeatGateTest {
    private static final byte[] SECRET = "0123456789abcdef0123456789abcdef".getBytes();
    private final AtomicLong now = new AtomicLong(1_000_000);
    private final InstantSource clock = () -> Instant.ofEpochMilli(now.get());
    private final SeatTokens tokens = new SeatTokens(SECRET);
    private final SeatGate nodeB = new SeatGate(new SeatTokens(SECRET.clone()), "node-b", clock);

    private String seat(String node, String player, long expiresAt, String nonce) {
        return tokens.sign(new Reservation("playground-1", node, "playground", player, expiresAt, nonce));
    }

    @Test
    void aReservationSignedElsewhereSeatsItsPlayerOnceOnItsNode() {
        String r = seat("node-b", "p1", now.get() + 15_000, "n1");
        assertThat(nodeB.peek(r)).isNotNull().extracting(Reservation::roomId).isEqualTo("playground-1");
        assertThat(nodeB.claim(r, "playground-1", "p1")).isNull();
        assertThat(nodeB.claim(r, "playground-1", "p1")).isEqualTo(SeatRefusal.REUSED);
        assertThat(nodeB.accepted()).isEqualTo(1);
        assertThat(nodeB.refused(SeatRefusal.REUSED)).isEqualTo(1);
        assertThat(nodeB.pollConsumed()).isEqualTo("n1");
        assertThat(nodeB.pollConsumed()).isNull();
    }

    @Test
    void forgedExpiredMisdirectedAndStolenReservationsAreRefusedAndCountedByReason() {
        String good = seat("node-b", "p1", now.get() + 15_000, "n2");
        String tampered = good.substring(0, good.indexOf('.') - 2) + "xx" + good.substring(good.indexOf('.'));
        assertThat(nodeB.claim(tampered, "playground-1", "p1")).isEqualTo(SeatRefusal.FORGED);
        assertThat(nodeB.claim("not a reservation", "playground-1", "p1")).isEqualTo(SeatRefusal.FORGED);
        String otherKey = new SeatTokens("ffffffffffffffffffffffffffffffff".getBytes())
                .sign(new Reservation("playground-1", "node-b", "playground", "p1", now.get() + 15_000, "n3"));
        assertThat(nodeB.claim(otherKey, "playground-1", "p1")).isEqualTo(SeatRefusal.FORGED);
        assertThat(nodeB.claim(seat("node-a", "p1", now.get() + 15_000, "n4"), "playground-1", "p1"))
                .isEqualTo(SeatRefusal.WRONG_NODE);
        assertThat(nodeB.peek(seat("node-a", "p1", now.get() + 15_000, "n4"))).isNull();
        assertThat(nodeB.claim(good, "playground-1", "p2")).isEqualTo(SeatRefusal.WRONG_PLAYER);
        String soon = seat("node-b", "p1", now.get() + 15_000, "n5");
        now.addAndGet(15_001);
        assertThat(nodeB.claim(soon, "playground-1", "p1")).isEqualTo(SeatRefusal.EXPIRED);
        assertThat(nodeB.refused(SeatRefusal.FORGED)).isEqualTo(3);
        assertThat(nodeB.refused(SeatRefusal.WRONG_NODE)).isEqualTo(1);
        assertThat(nodeB.refused(SeatRefusal.WRONG_PLAYER)).isEqualTo(1);
        assertThat(nodeB.refused(SeatRefusal.EXPIRED)).isEqualTo(1);
        assertThat(nodeB.accepted()).isZero();
    }

    @Test
    void aPlayerIdWithTheSeparatorCannotForgeOtherFields() {
        String r = seat("node-b", "p1|x|y", now.get() + 15_000, "n6");
        assertThat(nodeB.peek(r).playerId()).isEqualTo("p1|x|y");
        assertThat(nodeB.claim(r, "playground-1", "p1|x|y")).isNull();
    }
}
