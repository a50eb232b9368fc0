package dev.aetheris.server.room;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aetheris.codec.MsgpackCodec;
import dev.aetheris.protocol.error.CodecException;
import dev.aetheris.protocol.error.TransportException;
import dev.aetheris.protocol.event.WireEvent;
import dev.aetheris.protocol.seam.DisconnectReason;
import dev.aetheris.protocol.seam.InboundHandler;
import dev.aetheris.testkit.InMemoryTransport;
import dev.aetheris.testkit.ManualClock;
import dev.aetheris.testkit.ScriptedClient;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** The routing layer: who goes where, each room sees only its own, and polling allocates nothing. */
class TransportMuxTest {
    private final MsgpackCodec codec = new MsgpackCodec();
    private final ManualClock clock = new ManualClock();
    private final InMemoryTransport net = new InMemoryTransport();
    private final TransportMux mux = new TransportMux(net, codec, clock, 100);
    private final RoomTransport lobby = mux.newRoom();
    private final RoomTransport arena = mux.newRoom();

    TransportMuxTest() {
        mux.attach(rooms(lobby, "arena-seat", arena));
    }

    /** A default room, and one room that the reservation {@code seat} leads to. */
    private static TransportMux.Rooms rooms(RoomTransport byDefault, String seat, RoomTransport reserved) {
        return rooms(byDefault, r -> r.equals(seat) ? new TransportMux.Route.Ready(reserved) : TransportMux.Route.DEFAULT_ROOM);
    }

    private static TransportMux.Rooms rooms(RoomTransport byDefault, Function<String, TransportMux.Route> lead) {
        return new TransportMux.Rooms() {
            @Override
            public RoomTransport defaultRoom() {
                return byDefault;
            }

            @Override
            public TransportMux.Route forReservation(String reservation) {
                return lead.apply(reservation);
            }
        };
    }

    private byte[] encode(WireEvent e) {
        byte[] out = new byte[256];
        try {
            return Arrays.copyOf(out, codec.encodeEvent(e, out, 0));
        } catch (CodecException x) {
            throw new AssertionError(x);
        }
    }

    /** What a room's poll delivered, as text. */
    private static final class Log implements InboundHandler {
        final List<String> events = new ArrayList<>();

        @Override
        public void onConnected(long id) {
            events.add("connected " + id);
        }

        @Override
        public void onDisconnected(long id, DisconnectReason reason) {
            events.add("disconnected " + id);
        }

        @Override
        public void onMessage(long id, byte[] data, int offset, int length, boolean reliable) {
            events.add("message " + id + " " + length);
        }
    }

    private List<String> poll(RoomTransport room) throws TransportException {
        Log log = new Log();
        room.poll(log);
        return log.events;
    }

    @Test
    void aReservationPicksTheRoomAndEverythingElseGoesToTheDefaultRoom() throws Exception {
        byte[] auth = encode(new WireEvent.Auth("token"));
        byte[] join = encode(new WireEvent.JoinRoom("arena-seat"));
        byte[] bogus = encode(new WireEvent.JoinRoom("nobody-knows"));
        byte[] start = encode(new WireEvent.StartSession());
        ScriptedClient seated = net.connect();
        seated.sendReliable(auth);
        seated.sendReliable(join);
        seated.sendReliable(start);
        ScriptedClient upstream = net.connect();
        upstream.sendReliable(auth);
        upstream.sendReliable(start);
        ScriptedClient misdirected = net.connect();
        misdirected.sendReliable(auth);
        misdirected.sendReliable(bogus);

        assertThat(poll(arena)).containsExactly("connected " + seated.id(), "message " + seated.id() + " " + auth.length,
                "message " + seated.id() + " " + join.length, "message " + seated.id() + " " + start.length);
        assertThat(poll(lobby)).containsExactly(
                "connected " + upstream.id(), "message " + upstream.id() + " " + auth.length,
                "message " + upstream.id() + " " + start.length,
                "connected " + misdirected.id(), "message " + misdirected.id() + " " + auth.length,
                "message " + misdirected.id() + " " + bogus.length);
        assertThat(arena.connectedCount()).isEqualTo(1);
        assertThat(lobby.connectedCount()).isEqualTo(2);

        seated.disconnect();
        assertThat(poll(lobby)).isEmpty();
        assertThat(poll(arena)).containsExactly("disconnected " + seated.id());
        assertThat(mux.retireIfUnused(arena, () -> { })).as("nobody routed there any more").isTrue();
        assertThat(mux.retireIfUnused(lobby, () -> { })).isFalse();
    }

    @Test
    void aCodecHelloBeforeAuthIsKeptAndDoesNotDecideTheRoom() throws Exception {
        byte[] hello = new byte[3];
        dev.aetheris.codec.compact.CompactFrames.writeHello(hello, 0);
        byte[] auth = encode(new WireEvent.Auth("token"));
        byte[] join = encode(new WireEvent.JoinRoom("arena-seat"));
        ScriptedClient v2 = net.connect();
        v2.sendReliable(hello);
        v2.sendReliable(auth);
        v2.sendReliable(join);
        assertThat(poll(lobby)).isEmpty();
        assertThat(poll(arena)).containsExactly("connected " + v2.id(), "message " + v2.id() + " 3",
                "message " + v2.id() + " " + auth.length, "message " + v2.id() + " " + join.length);
    }

    /** Rooms where the reservation {@code "new-seat"} leads to {@code arena} once {@code built}, until then BUILDING. */
    private TransportMux.Rooms building(BooleanSupplier built) {
        return rooms(lobby, r -> !r.equals("new-seat") ? TransportMux.Route.DEFAULT_ROOM
                : built.getAsBoolean() ? new TransportMux.Route.Ready(arena) : TransportMux.Route.BUILDING);
    }

    @Test
    void aConnectionWaitsWithWhatItSentWhileItsRoomIsBuiltThenGoesThereInOrder() throws Exception {
        boolean[] built = {false};
        mux.attach(building(() -> built[0]));
        byte[] auth = encode(new WireEvent.Auth("token"));
        byte[] join = encode(new WireEvent.JoinRoom("new-seat"));
        byte[] start = encode(new WireEvent.StartSession());
        byte[] ping = encode(new WireEvent.Ping(3));
        ScriptedClient c = net.connect();
        c.sendReliable(auth);
        c.sendReliable(join);
        c.sendReliable(start);
        assertThat(poll(lobby)).isEmpty();
        assertThat(poll(arena)).as("its room is being built").isEmpty();
        c.sendUnreliable(ping);
        c.sendUnreliable(new byte[TransportMux.MAX_HELD_BYTES]); // over what a waiting connection may send
        clock.advanceNanos(TransportMux.JOIN_WAIT_NANOS); // past the JoinRoom wait: the build wait applies
        assertThat(poll(lobby)).isEmpty();
        assertThat(mux.heldDropped()).isEqualTo(1);
        built[0] = true;
        assertThat(poll(lobby)).isEmpty();
        assertThat(poll(arena)).containsExactly("connected " + c.id(), "message " + c.id() + " " + auth.length,
                "message " + c.id() + " " + join.length, "message " + c.id() + " " + start.length,
                "message " + c.id() + " " + ping.length);
    }

    @Test
    void aRoomThatTakesTooLongToBuildSendsItsConnectionToTheDefaultRoom() throws Exception {
        mux.attach(building(() -> false));
        byte[] auth = encode(new WireEvent.Auth("token"));
        byte[] join = encode(new WireEvent.JoinRoom("new-seat"));
        ScriptedClient c = net.connect();
        c.sendReliable(auth);
        c.sendReliable(join);
        assertThat(poll(lobby)).isEmpty();
        clock.advanceNanos(TransportMux.BUILD_WAIT_NANOS - 1);
        assertThat(poll(lobby)).isEmpty();
        clock.advanceNanos(1);
        assertThat(poll(lobby)).as("the default room refuses its reservation").containsExactly("connected " + c.id(),
                "message " + c.id() + " " + auth.length, "message " + c.id() + " " + join.length);
    }

    @Test
    void anAuthFollowedBySilenceGoesToTheDefaultRoomAfterTheWait() throws Exception {
        ScriptedClient quiet = net.connect();
        quiet.sendReliable(encode(new WireEvent.Auth("token")));
        assertThat(poll(lobby)).as("held while it may still send JoinRoom").isEmpty();
        clock.advanceNanos(TransportMux.JOIN_WAIT_NANOS);
        assertThat(poll(lobby)).hasSize(2).first().isEqualTo("connected " + quiet.id());
    }

    @Test
    void sendsFromARoomReachTheClientAndAFullProcessRefusesAtOnce() throws Exception {
        TransportMux tiny = new TransportMux(net, codec, clock, 1);
        RoomTransport only = tiny.newRoom();
        tiny.attach(rooms(only, "no such seat", only));
        ScriptedClient first = net.connect();
        byte[] ping = encode(new WireEvent.Ping(1));
        first.sendReliable(ping);
        ScriptedClient second = net.connect();
        // Not Auth first: routed to the default room at once, where the Auth gate will count it.
        assertThat(poll(only)).containsExactly("connected " + first.id(), "message " + first.id() + " " + ping.length);
        assertThat(second.isConnected()).isFalse();
        assertThat(tiny.refusedFull()).isEqualTo(1);
        byte[] pong = encode(new WireEvent.Pong(1));
        only.sendReliable(first.id(), pong, 0, pong.length);
        only.flush();
        assertThat(first.takeReliable()).hasSize(1);
    }

    @Test
    void aSteadyRoomPollAllocatesNothing() throws Exception {
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        mx.setThreadAllocatedMemoryEnabled(true);
        byte[] auth = encode(new WireEvent.Auth("token"));
        byte[] ping = encode(new WireEvent.Ping(7));
        List<ScriptedClient> clients = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            ScriptedClient c = net.connect();
            c.sendReliable(auth);
            c.sendReliable(encode(new WireEvent.StartSession()));
            clients.add(c);
        }
        InboundHandler sink = new InboundHandler() {
            @Override
            public void onConnected(long id) {
            }

            @Override
            public void onDisconnected(long id, DisconnectReason reason) {
            }

            @Override
            public void onMessage(long id, byte[] data, int offset, int length, boolean reliable) {
            }
        };
        // After 2,000 warm-up polls (buffers grown), five rounds of 200: the least one counts, since
        // the JIT may still allocate once while it recompiles on a busy machine.
        long least = Long.MAX_VALUE;
        long round = 0;
        for (int tick = 0; tick < 3000; tick++) {
            for (ScriptedClient c : clients) {
                c.sendUnreliable(ping); // the test double copies what clients send; only the poll is measured
            }
            long before = mx.getCurrentThreadAllocatedBytes();
            lobby.poll(sink);
            long d = mx.getCurrentThreadAllocatedBytes() - before;
            if (tick >= 2000) {
                round += d;
                if ((tick - 2000) % 200 == 199) {
                    least = Math.min(least, round);
                    round = 0;
                }
            }
        }
        assertThat(lobby.connectedCount()).isEqualTo(20);
        assertThat(least / 200.0).as("bytes allocated per poll, least of five rounds").isZero();
    }
}
