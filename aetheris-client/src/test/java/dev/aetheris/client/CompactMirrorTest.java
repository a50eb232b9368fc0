package dev.aetheris.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aetheris.codec.ComponentValues;
import dev.aetheris.codec.compact.SchemaMessage;
import dev.aetheris.codec.compact.SnapshotDecoder;
import dev.aetheris.protocol.component.Components;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The specification's golden snapshots, decoded into a StateMirror in v1 component form. */
class CompactMirrorTest {
    private static byte[] golden(String name) throws Exception {
        for (String line : Files.readAllLines(Path.of("..", "docs", "protocol", "v2-golden.txt"))) {
            if (line.startsWith(name + " ")) {
                return HexFormat.of().parseHex(line.substring(name.length() + 1).trim());
            }
        }
        throw new IllegalArgumentException(name);
    }

    @Test
    void snapshotsBecomeV1ComponentsAndRemovalsLeaveTheMirror() throws Exception {
        byte[] schema = golden("schema");
        SnapshotDecoder decoder = new SnapshotDecoder(SchemaMessage.decode(schema, 0, schema.length));
        StateMirror mirror = new StateMirror();
        CompactMirror feed = new CompactMirror(mirror, decoder.schema());
        for (String name : new String[] {"snapshot-1", "snapshot-2"}) {
            byte[] p = golden(name);
            assertThat(decoder.decode(p, 0, p.length, feed)).isTrue();
        }
        assertThat(mirror.ids()).containsExactlyInAnyOrder(5L, 7L);
        assertThat(mirror.contains(5)).isTrue();
        @SuppressWarnings("unchecked")
        Map<String, Object> t = (Map<String, Object>) ComponentValues.decode(Components.TRANSFORM,
                mirror.component(5, Components.TRANSFORM));
        assertThat(t).containsEntry("x", 11f).containsEntry("y", 20f).containsEntry("rotation", 0f)
                .containsEntry("entity_type", 0L);
        @SuppressWarnings("unchecked")
        Map<String, Object> hp = (Map<String, Object>) ComponentValues.decode(Components.ASTEROID_HP,
                mirror.component(5, Components.ASTEROID_HP));
        assertThat(hp).containsEntry("hp", 500L).containsEntry("max_hp", 500L);
        byte[] p = golden("snapshot-3");
        assertThat(decoder.decode(p, 0, p.length, feed)).isTrue();
        assertThat(mirror.ids()).containsExactly(7L);
        assertThat(feed.rebuildErrors).isZero();
    }
}
