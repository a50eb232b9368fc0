package dev.aetheris.server.tick;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aetheris.codec.compact.CompactFrames;
import dev.aetheris.codec.compact.CompactSchema;
import dev.aetheris.codec.compact.SchemaMessage;
import dev.aetheris.codec.compact.SnapshotDecoder;
import dev.aetheris.codec.compact.SnapshotFormat;
import dev.aetheris.codec.compact.SnapshotState;
import dev.aetheris.protocol.error.CodecException;
import dev.aetheris.protocol.event.WireEvent;
import dev.aetheris.protocol.seam.WorldState;
import dev.aetheris.server.compact.MirrorCheck;
import dev.aetheris.testkit.Faults;
import dev.aetheris.testkit.InMemoryTransport;
import dev.aetheris.testkit.ScriptedClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Codec v2 through the tick and the transport: a client that sent a HELLO gets the schema
 * reliably and then SNAPSHOT frames, a client that did not keeps getting MessagePack v1, and with
 * 5 % of snapshots and of acks lost every v2 client's mirror converges within a second.
 */
class CompactTickTest {
    private static final int TICKS_PER_SECOND = 60;

    /** A v2 client: decodes what the tick sends it, loses a seeded fraction of snapshots, acks the newest. */
    private static final class V2Client {
        final ScriptedClient client;
        final Random loss;
        final double lossRate;
        SnapshotDecoder decoder;
        CompactSchema schema;
        long ship;
        int snapshots;
        int v1Frames;

        V2Client(TickHarness h, String token, long seed, double lossRate) {
            client = h.transport.connect();
            loss = new Random(seed);
            this.lossRate = lossRate;
            byte[] hello = new byte[3];
            CompactFrames.writeHello(hello, 0);
            client.sendReliable(hello);
            client.sendReliable(h.encode(new WireEvent.Auth(token)));
            client.sendReliable(h.encode(new WireEvent.StartSession()));
        }

        /** Reads what arrived and acks the newest snapshot decoded (the ack may be lost too). */
        void read(TickHarness h) throws CodecException {
            for (byte[] b : client.takeReliable()) {
                if (CompactFrames.isCompact(b, 0, b.length) && CompactFrames.type(b, 0) == CompactFrames.SCHEMA) {
                    schema = SchemaMessage.decode(b, 0, b.length);
                    decoder = new SnapshotDecoder(schema);
                } else if (h.decode(b) instanceof WireEvent.GameEvent g
                        && g.event() instanceof dev.aetheris.protocol.event.GameEvent.Possession p) {
                    ship = p.networkId();
                }
            }
            for (byte[] b : client.takeUnreliable()) {
                if (!CompactFrames.isCompact(b, 0, b.length)) {
                    v1Frames++;
                    continue;
                }
                if (loss.nextDouble() < lossRate) {
                    continue;
                }
                assertThat(decoder).as("the schema precedes every snapshot").isNotNull();
                assertThat(SnapshotFormat.sequence(b, 0, b.length)).isPositive();
                if (decoder.decode(b, 0, b.length, MirrorCheck.IGNORE)) {
                    snapshots++;
                }
            }
            if (decoder != null && decoder.newestSequence() != 0) {
                byte[] ack = new byte[CompactFrames.INPUT_HEADER];
                CompactFrames.writeInputHeader(decoder.newestSequence(), ack, 0);
                client.sendUnreliable(ack);
            }
        }

        SnapshotState state() {
            return decoder.current();
        }
    }

    private static V2Client join(TickHarness h, int n, long seed, double lossRate) {
        String token = "v2-token-" + n;
        h.sessions.issue(token, "v2-player-" + n, false);
        return new V2Client(h, token, seed, lossRate);
    }

    @Test
    void aHelloGetsTheSchemaThenSnapshotsWhileAV1ClientKeepsItsRecords() throws Exception {
        TickHarness h = new TickHarness();
        V2Client v2 = join(h, 1, 1, 0);
        TickHarness.Player v1 = h.withShip(false);
        for (int i = 0; i < 20; i++) {
            h.world.spawnMoving(i, 0, 0.5f, 0, WorldState.NO_ROOM);
        }
        List<WireEvent> v1State = new ArrayList<>();
        for (int t = 0; t < 30; t++) {
            h.ticks(1);
            v2.read(h);
            v1State.addAll(v1.unreliable());
        }
        assertThat(v2.ship).as("the v2 client possesses its ship").isNotZero();
        assertThat(v2.snapshots).as("snapshots decoded").isGreaterThan(20);
        assertThat(v2.v1Frames).as("no v1 state for a v2 client").isZero();
        assertThat(v2.state().indexOf(v2.ship)).as("its own ship is in its state").isNotNegative();
        assertThat(MirrorCheck.mismatches(h.world.store(), v2.schema, v2.state())).isZero();
        assertThat(v1State).isNotEmpty().allMatch(e -> e instanceof WireEvent.ReplicationBatch);
        assertThat(v1.mirror).containsKey(v1.ship).containsKey(v2.ship);
    }

    @Test
    void withFivePercentOfSnapshotsAndAcksLostEveryMirrorConvergesWithinASecond() throws Exception {
        // Inbound faults lose 5 % of the acks; each client loses 5 % of its snapshots.
        TickHarness h = new TickHarness(InMemoryTransport.Options.DEFAULT.withFaults(new Faults(0.05, 0, 0, 42)),
                100_000, TickConfig.defaults("test"));
        List<V2Client> clients = new ArrayList<>();
        for (int c = 0; c < 4; c++) {
            clients.add(join(h, c, 100 + c, 0.05));
        }
        Random r = new Random(7);
        List<Long> moving = new ArrayList<>();
        for (int i = 0; i < 150; i++) {
            moving.add(h.world.spawnMoving(r.nextFloat(-50, 50), r.nextFloat(-50, 50), r.nextFloat(-0.2f, 0.2f),
                    r.nextFloat(-0.2f, 0.2f), WorldState.NO_ROOM));
        }
        for (int t = 0; t < 5 * TICKS_PER_SECOND; t++) {
            h.ticks(1);
            for (V2Client c : clients) {
                c.read(h);
            }
        }
        for (long id : moving) {
            h.world.setVelocity(id, 0, 0);
        }
        int[] convergedAfter = new int[clients.size()];
        for (int t = 1; t <= TICKS_PER_SECOND; t++) {
            h.ticks(1);
            for (int c = 0; c < clients.size(); c++) {
                V2Client v = clients.get(c);
                v.read(h);
                if (convergedAfter[c] == 0
                        && MirrorCheck.mismatches(h.world.store(), v.schema, v.state()) == 0) {
                    convergedAfter[c] = t;
                }
            }
        }
        for (int c = 0; c < clients.size(); c++) {
            V2Client v = clients.get(c);
            assertThat(convergedAfter[c]).as("client %d converged within %d ticks", c, TICKS_PER_SECOND).isPositive();
            assertThat(MirrorCheck.mismatches(h.world.store(), v.schema, v.state())).isZero();
            assertThat(v.client.isConnected()).isTrue();
        }
        assertThat(h.metrics.decodeErrors.get()).isZero();
    }
}
