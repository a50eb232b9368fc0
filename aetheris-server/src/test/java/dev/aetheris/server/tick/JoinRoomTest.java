package dev.aetheris.server.tick;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aetheris.protocol.event.WireEvent;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code JoinRoom} after {@code Auth}: the room's gate decides; a refusal closes the connection. */
class JoinRoomTest {
    private final List<String> claims = new ArrayList<>();
    private final TickHarness h = new TickHarness((reservation, session) -> {
        claims.add(reservation + "@" + session.playerId());
        return reservation.equals("good") ? null : "expired";
    });

    @Test
    void anAcceptedSeatKeepsTheClientWhichThenStartsItsSession() {
        TickHarness.Player p = h.authenticated(false);
        p.send(new WireEvent.JoinRoom("good"), true);
        p.send(new WireEvent.StartSession(), true);
        h.ticks(1);
        assertThat(claims).containsExactly("good@player-1");
        assertThat(p.client.isConnected()).isTrue();
        assertThat(h.world.entityCount()).as("the session ship").isEqualTo(1);
    }

    @Test
    void aRefusedSeatClosesTheConnectionWithTheReasonAndLeavesNothingBehind() {
        TickHarness.Player p = h.authenticated(false);
        p.send(new WireEvent.JoinRoom("stale"), true);
        p.send(new WireEvent.StartSession(), true);
        h.ticks(2);
        assertThat(p.client.isConnected()).isFalse();
        assertThat(p.client.closeReason()).isEqualTo("seat reservation refused: expired");
        assertThat(h.world.entityCount()).as("no ship for a refused client").isZero();
        assertThat(h.tick.authenticatedCount()).isZero();
    }

    @Test
    void joinRoomBeforeAuthIsUnprivilegedAndNeverReachesTheGate() {
        TickHarness.Player p = h.connect();
        p.send(new WireEvent.JoinRoom("good"), true);
        h.ticks(1);
        assertThat(claims).isEmpty();
        assertThat(h.metrics.unprivilegedPackets.get()).isEqualTo(1);
    }

    @Test
    void aLoopWithoutRoomsRefusesEveryReservation() {
        TickHarness plain = new TickHarness();
        TickHarness.Player p = plain.authenticated(false);
        p.send(new WireEvent.JoinRoom("good"), true);
        plain.ticks(1);
        assertThat(p.client.closeReason()).startsWith("seat reservation refused:");
    }
}
