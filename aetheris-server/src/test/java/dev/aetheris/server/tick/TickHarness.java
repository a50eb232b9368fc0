package dev.aetheris.server.tick;

import dev.aetheris.codec.MsgpackCodec;
import dev.aetheris.protocol.component.Components;
import dev.aetheris.protocol.component.ComponentWriter;
import dev.aetheris.protocol.component.InputCommand;
import dev.aetheris.protocol.component.PlayerInput;
import dev.aetheris.protocol.error.CodecException;
import dev.aetheris.protocol.event.ReplicationEvent;
import dev.aetheris.protocol.event.WireEvent;
import dev.aetheris.protocol.seam.Codec;
import dev.aetheris.server.metrics.TickMetrics;
import dev.aetheris.testkit.FakeSessionVerifier;
import dev.aetheris.testkit.FakeWorld;
import dev.aetheris.testkit.InMemoryTransport;
import dev.aetheris.testkit.ManualClock;
import dev.aetheris.testkit.ScriptedClient;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** A tick loop wired to in-memory doubles and the real codec, driven tick by tick. */
final class TickHarness {
    final ManualClock clock = new ManualClock();
    final InMemoryTransport transport;
    final FakeWorld world;
    final Codec codec = new MsgpackCodec();
    final FakeSessionVerifier sessions = new FakeSessionVerifier();
    final TickMetrics metrics = new TickMetrics();
    final TickScheduler tick;
    private int tokens;

    TickHarness() {
        this(InMemoryTransport.Options.DEFAULT, 100_000);
    }

    TickHarness(InMemoryTransport.Options options, int maxEntities) {
        this(options, maxEntities, TickConfig.defaults("test"));
    }

    TickHarness(InMemoryTransport.Options options, int maxEntities, TickConfig config) {
        this(options, maxEntities, config, RoomGate.NONE);
    }

    TickHarness(RoomGate gate) {
        this(InMemoryTransport.Options.DEFAULT, 100_000, TickConfig.defaults("test"), gate);
    }

    TickHarness(InMemoryTransport.Options options, int maxEntities, TickConfig config, RoomGate gate) {
        transport = new InMemoryTransport(options);
        world = new FakeWorld(maxEntities);
        tick = new TickScheduler(config, transport, world, codec, sessions,
                AuthVerifier.onDrain(sessions, TickScheduler.INLINE_AUTH_BUDGET), clock, metrics, gate);
    }

    /** Runs {@code n} ticks, advancing the clock one period before each. */
    void ticks(int n) {
        for (int i = 0; i < n; i++) {
            clock.advanceNanos(1_000_000_000L / 60);
            tick.tick();
        }
    }

    /** A connected, not yet authenticated client. */
    Player connect() {
        return new Player(transport.connect());
    }

    /** A client that has authenticated (one tick run). */
    Player authenticated(boolean admin) {
        Player p = connect();
        p.token = "token-" + (++tokens);
        sessions.issue(p.token, "player-" + tokens, admin);
        p.send(new WireEvent.Auth(p.token), true);
        ticks(1);
        return p;
    }

    /** A client with its session ship (StartSession sent, Possession received). */
    Player withShip(boolean admin) {
        Player p = authenticated(admin);
        p.send(new WireEvent.StartSession(), true);
        ticks(1);
        p.ship = p.reliable().stream().filter(e -> e instanceof WireEvent.GameEvent g
                        && g.event() instanceof dev.aetheris.protocol.event.GameEvent.Possession)
                .map(e -> ((dev.aetheris.protocol.event.GameEvent.Possession) ((WireEvent.GameEvent) e).event()).networkId())
                .findFirst().orElseThrow(() -> new AssertionError("no Possession"));
        return p;
    }

    byte[] encode(WireEvent e) {
        byte[] buf = new byte[64 * 1024];
        try {
            int n = codec.encodeEvent(e, buf, 0);
            return Arrays.copyOf(buf, n);
        } catch (CodecException ex) {
            throw new AssertionError(ex);
        }
    }

    WireEvent decode(byte[] b) {
        try {
            return codec.decodeEvent(b, 0, b.length);
        } catch (CodecException ex) {
            throw new AssertionError("server sent undecodable bytes: " + ex.getMessage(), ex);
        }
    }

    /** A replication frame carrying an InputCommand (the only component clients may write). */
    byte[] inputFrame(long networkId, long inputTick, float moveX, float moveY) {
        return replicationFrame(networkId, Components.INPUT_COMMAND.kind(), inputTick, inputPayload(inputTick, moveX, moveY));
    }

    /** An InputCommand payload: a move. */
    byte[] inputPayload(long inputTick, float moveX, float moveY) {
        byte[] payload = new byte[256];
        ComponentWriter w = codec.componentWriter(Components.INPUT_COMMAND, payload, 0, payload.length);
        w.uint(inputTick).sequence(1).variant(Components.INPUT_MOVE).f32(moveX).f32(moveY).uint(0).none().end();
        return Arrays.copyOf(payload, codec.componentLength());
    }

    byte[] replicationFrame(long networkId, int kind, long t, byte[] payload) {
        byte[] out = new byte[2048];
        try {
            int n = codec.encode(new ReplicationEvent(networkId, kind, payload, t), out, 0);
            return Arrays.copyOf(out, n);
        } catch (CodecException ex) {
            throw new AssertionError(ex);
        }
    }

    /** A scripted client plus decoding helpers and a mirror of the state it was sent. */
    final class Player {
        final ScriptedClient client;
        String token;
        long ship;
        /** Entity id → the latest Transform payload received. */
        final Map<Long, byte[]> mirror = new HashMap<>();
        final List<Long> despawnedSeen = new ArrayList<>();

        Player(ScriptedClient client) {
            this.client = client;
        }

        long id() {
            return client.id();
        }

        void send(WireEvent e, boolean reliable) {
            sendRaw(encode(e), reliable);
        }

        void sendRaw(byte[] bytes, boolean reliable) {
            if (reliable) {
                client.sendReliable(bytes);
            } else {
                client.sendUnreliable(bytes);
            }
        }

        /** Decoded reliable messages since the last call (also fed to the mirror). */
        List<WireEvent> reliable() {
            return absorb(client.takeReliable());
        }

        /** Decoded datagrams since the last call (also fed to the mirror). */
        List<WireEvent> unreliable() {
            return absorb(client.takeUnreliable());
        }

        /** Reads everything pending into the mirror. */
        void sync() {
            reliable();
            unreliable();
        }

        private List<WireEvent> absorb(List<byte[]> raw) {
            List<WireEvent> out = new ArrayList<>();
            for (byte[] b : raw) {
                WireEvent e = decode(b);
                out.add(e);
                switch (e) {
                    case WireEvent.ReplicationBatch batch -> {
                        for (ReplicationEvent r : batch.events()) {
                            if (r.componentKind() == Components.TRANSFORM.kind()) {
                                mirror.put(r.networkId(), r.payload());
                            }
                        }
                    }
                    case WireEvent.EntityDespawned d -> {
                        mirror.remove(d.networkId());
                        despawnedSeen.add(d.networkId());
                    }
                    case WireEvent.ClearWorld c -> mirror.clear();
                    default -> {
                    }
                }
            }
            return out;
        }
    }

    /** The x coordinate inside a Transform payload ({@code 95 ca <x> ...}). */
    static float transformX(byte[] payload) {
        return Float.intBitsToFloat(((payload[2] & 0xFF) << 24) | ((payload[3] & 0xFF) << 16)
                | ((payload[4] & 0xFF) << 8) | (payload[5] & 0xFF));
    }
}
