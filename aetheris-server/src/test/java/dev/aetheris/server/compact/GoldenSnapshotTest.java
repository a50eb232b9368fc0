package dev.aetheris.server.compact;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aetheris.protocol.component.Components;
import dev.aetheris.replication.EntityStore;
import dev.aetheris.replication.ReplicationSchema;
import dev.aetheris.replication.ReplicationSettings;
import dev.aetheris.replication.Replicator;
import dev.aetheris.replication.Visibility;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The byte-level examples of docs/protocol/v2.md (docs/protocol/v2-golden.txt), produced by the real encoder. */
class GoldenSnapshotTest {
    static String golden(String name) {
        try {
            for (String line : Files.readAllLines(Path.of("..", "docs", "protocol", "v2-golden.txt"))) {
                if (line.startsWith(name + " ")) {
                    return line.substring(name.length() + 1).trim();
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        throw new IllegalArgumentException("no golden packet " + name);
    }

    /** The spec's example schema. */
    static final ReplicationSchema SCHEMA = ReplicationSchema.builder()
            .component(Components.TRANSFORM, Visibility.EVERYONE)
            .range("x", 0, 1024, 0.25).range("y", 0, 1024, 0.25).range("rotation", -Math.PI, Math.PI, Math.PI / 512)
            .component(Components.ASTEROID_HP, Visibility.EVERYONE)
            .range("hp", 0, 1000, 1).range("max_hp", 0, 1000, 1)
            .position(Components.TRANSFORM, "x", "y")
            .build();

    private final List<String> sent = new ArrayList<>();
    private final EntityStore store = new EntityStore(SCHEMA, 16);
    private final CompactReplicationEncoder encoder = new CompactReplicationEncoder(store, new SnapshotOutlet() {
        @Override
        public int frameLimit(long clientId) {
            return 1200;
        }

        @Override
        public boolean sendUnreliable(long clientId, byte[] data, int offset, int length) {
            sent.add(HexFormat.of().formatHex(data, offset, offset + length));
            return true;
        }

        @Override
        public void sendReliable(long clientId, byte[] data, int offset, int length) {
            sent.add(HexFormat.of().formatHex(data, offset, offset + length));
        }
    }, 1200);
    private final Replicator replicator = new Replicator(store, ReplicationSettings.of(5000, 1_000_000, 60), encoder);

    @Test
    void theSpecExamplesAreWhatTheEncoderWrites() {
        int transform = SCHEMA.component(Components.TRANSFORM);
        int hp = SCHEMA.component(Components.ASTEROID_HP);
        int x = SCHEMA.field(Components.TRANSFORM, "x");
        int y = SCHEMA.field(Components.TRANSFORM, "y");
        int hpNow = SCHEMA.field(Components.ASTEROID_HP, "hp");
        int hpMax = SCHEMA.field(Components.ASTEROID_HP, "max_hp");
        store.setTick(100);
        int a = store.spawn(5, 2, 0, 0, SCHEMA.mask(transform, hp));
        store.setGlobal(a, true);
        store.setFloat(a, x, 10.5f);
        store.setFloat(a, y, 20f);
        store.setLong(a, hpNow, 500);
        store.setLong(a, hpMax, 500);
        replicator.addClient(1);
        replicator.replicate();
        encoder.acknowledge(1, 1);
        store.setTick(101);
        store.setFloat(a, x, 11f);
        int b = store.spawn(7, 2, 0, 0, SCHEMA.mask(transform));
        store.setGlobal(b, true);
        store.setFloat(b, x, 1f);
        replicator.replicate();
        encoder.acknowledge(1, 2);
        store.setTick(102);
        store.despawnById(5);
        replicator.replicate();
        assertThat(sent).containsExactly(golden("schema"), golden("snapshot-1"), golden("snapshot-2"),
                golden("snapshot-3"));
    }
}
