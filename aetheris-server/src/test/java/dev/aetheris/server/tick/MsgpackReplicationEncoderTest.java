package dev.aetheris.server.tick;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aetheris.codec.MsgpackCodec;
import dev.aetheris.protocol.Sizes;
import dev.aetheris.protocol.component.Components;
import dev.aetheris.protocol.event.ReplicationEvent;
import dev.aetheris.protocol.event.WireEvent;
import dev.aetheris.replication.EntityStore;
import dev.aetheris.replication.ReplicationSchema;
import dev.aetheris.replication.ReplicationSettings;
import dev.aetheris.replication.Replicator;
import dev.aetheris.replication.Visibility;
import dev.aetheris.server.metrics.Counter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class MsgpackReplicationEncoderTest {
    private static final ReplicationSchema SCHEMA = ReplicationSchema.builder()
            .component(Components.TRANSFORM, Visibility.EVERYONE)
            .component(Components.VELOCITY, Visibility.EVERYONE)
            .component(Components.CARGO_HOLD, Visibility.OWNER)
            .position(Components.TRANSFORM, "x", "y")
            .build();
    private static final int X = SCHEMA.field(Components.TRANSFORM, "x");
    private static final long SHIP = SCHEMA.mask(0, 1, 2);

    private final MsgpackCodec codec = new MsgpackCodec();
    private final EntityStore store = new EntityStore(SCHEMA, 64);
    private final RecordingOutlet outlet = new RecordingOutlet();
    private final Counter errors = new Counter();
    private final MsgpackReplicationEncoder encoder = new MsgpackReplicationEncoder(codec,
            new Packer(codec, Sizes.MAX_SAFE_PAYLOAD_SIZE), new Packer(codec, Packer.frameLimit(Packer.STREAM)), outlet, errors);
    private final Replicator replicator = new Replicator(store, ReplicationSettings.of(100, 64 * 1024, 60), encoder);

    @Test
    void entersAreSpawnNoticesAndFullStateReliablyUpdatesAreDatagramsAndLeavesAreDespawnNotices() throws Exception {
        store.setTick(1);
        int ship = store.spawn(500, 1, 7, 100, SHIP);
        int rock = store.spawn(501, 5, 0, 100, SCHEMA.mask(0));
        store.setFloat(rock, X, 30);
        replicator.addClient(7);
        replicator.setRoom(7, 100);
        replicator.setFocus(7, 500);
        replicator.replicate();

        List<WireEvent> reliable = outlet.decoded(codec, true);
        assertThat(reliable).startsWith(new WireEvent.EntitySpawned(500, 1));
        assertThat(reliable).contains(new WireEvent.EntitySpawned(501, 5));
        List<ReplicationEvent> records = records(reliable);
        assertThat(records).extracting(ReplicationEvent::networkId, ReplicationEvent::componentKind)
                .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple(500L, 1), org.assertj.core.groups.Tuple.tuple(500L, 2),
                        org.assertj.core.groups.Tuple.tuple(500L, 1025), org.assertj.core.groups.Tuple.tuple(501L, 1));
        assertThat(records).allSatisfy(r -> assertThat(r.tick()).isEqualTo(1));
        assertThat(outlet.decoded(codec, false)).isEmpty();
        assertThat(replicator.view(7).lastSendBytes()).isEqualTo(outlet.bytes);

        outlet.clear();
        store.setTick(2);
        store.setFloat(rock, X, 40);
        replicator.replicate();
        assertThat(outlet.decoded(codec, true)).isEmpty();
        List<ReplicationEvent> updates = records(outlet.decoded(codec, false));
        assertThat(updates).hasSize(1);
        assertThat(updates.getFirst().networkId()).isEqualTo(501);
        assertThat(updates.getFirst().componentKind()).isEqualTo(1);

        outlet.clear();
        store.setTick(3);
        store.setFloat(rock, X, 500);
        replicator.replicate();
        assertThat(outlet.decoded(codec, true)).containsExactly(new WireEvent.EntityDespawned(501));
        assertThat(ship).isZero();
    }

    @Test
    void aComponentSentToManyClientsIsEncodedOnceAndTheBytesAreTheSame() throws Exception {
        store.setTick(1);
        int rock = store.spawn(501, 5, 0, 100, SCHEMA.mask(0));
        for (int c = 1; c <= 3; c++) {
            store.spawn(600 + c, 1, c, 100, SCHEMA.mask(0));
            replicator.addClient(c);
            replicator.setRoom(c, 100);
            replicator.setFocus(c, 600 + c);
        }
        replicator.replicate();
        outlet.clear();
        store.setTick(2);
        store.setFloat(rock, X, 5);
        replicator.replicate();
        assertThat(outlet.unreliable).hasSize(3);
        assertThat(outlet.unreliable.get(1)).isEqualTo(outlet.unreliable.get(0));
        assertThat(outlet.unreliable.get(2)).isEqualTo(outlet.unreliable.get(0));
        assertThat(encoder.recordsThisSend()).as("one Transform record for three clients").isEqualTo(1);
        assertThat(errors.get()).isZero();
    }

    private static List<ReplicationEvent> records(List<WireEvent> events) {
        List<ReplicationEvent> out = new ArrayList<>();
        for (WireEvent e : events) {
            if (e instanceof WireEvent.ReplicationBatch b) {
                out.addAll(b.events());
            }
        }
        return out;
    }

    /** Keeps what the encoder sends, per channel. */
    static final class RecordingOutlet implements MsgpackReplicationEncoder.Outlet {
        final List<byte[]> reliable = new ArrayList<>();
        final List<byte[]> unreliable = new ArrayList<>();
        int bytes;

        @Override
        public int frameClass(long clientId) {
            return Packer.DATAGRAM;
        }

        @Override
        public boolean sendUnreliable(long clientId, byte[] data, int offset, int length) {
            unreliable.add(Arrays.copyOfRange(data, offset, offset + length));
            bytes += length;
            return true;
        }

        @Override
        public void sendReliable(long clientId, byte[] data, int offset, int length) {
            reliable.add(Arrays.copyOfRange(data, offset, offset + length));
            bytes += length;
        }

        @Override
        public int sendOversize(long clientId, Outbox box, int record) {
            throw new AssertionError("no record here is too large for a datagram");
        }

        List<WireEvent> decoded(MsgpackCodec codec, boolean reliableChannel) throws Exception {
            List<WireEvent> out = new ArrayList<>();
            for (byte[] b : reliableChannel ? reliable : unreliable) {
                out.add(codec.decodeEvent(b, 0, b.length));
            }
            return out;
        }

        void clear() {
            reliable.clear();
            unreliable.clear();
            bytes = 0;
        }
    }
}
