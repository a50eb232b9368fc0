package dev.aetheris.replication;

import static dev.aetheris.replication.TestSchemas.*;
import static org.assertj.core.api.Assertions.assertThat;

import dev.aetheris.protocol.component.ComponentSchema;
import dev.aetheris.protocol.component.ComponentWriter;
import dev.aetheris.protocol.component.Components;
import dev.aetheris.protocol.seam.ReplicationSink;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class StoreExtractorTest {
    private final EntityStore store = new EntityStore(SHIPS, 16);
    private final StoreExtractor extractor = new StoreExtractor(store);
    private final Recorder sink = new Recorder();

    @Test
    void spawnsComeWithFullStateThenOnlyChangedComponentsAndDespawns() {
        store.setTick(1);
        int a = store.spawn(500, 1, 7, 100, SHIP);
        store.setFloat(a, X, 12.5f);
        store.setString(a, PILOT, "Ada");
        store.setLong(a, CLASS_VALUE, 2);
        extractor.extractChanges(sink);
        extractor.postExtract();
        assertThat(sink.lines).startsWith("spawn 500 kind 1")
                .contains("500 transform f32 12.5 f32 0.0 f32 0.0 f32 0.0 uint 0 end",
                        "500 ship_class variant 2 end", "500 player_name str Ada end")
                .hasSize(1 + 6);

        sink.lines.clear();
        store.setTick(2);
        store.setFloat(a, X, 12.5f); // unchanged
        extractor.extractChanges(sink);
        extractor.postExtract();
        assertThat(sink.lines).isEmpty();

        store.setTick(3);
        store.setLong(a, HULL_NOW, 150);
        int b = store.spawn(501, 5, 0, 100, SHIPS.mask(TRANSFORM));
        store.setTick(4);
        store.despawnById(500);
        extractor.extractChanges(sink);
        assertThat(sink.lines).containsExactly("spawn 501 kind 5", "501 transform f32 0.0 f32 0.0 f32 0.0 f32 0.0 uint 0 end",
                "despawn 500");
        assertThat(b).isEqualTo(1);
        extractor.postExtract();
        assertThat(store.despawns().size()).isZero();
    }

    @Test
    void changedComponentsAreReportedOnceWithTheirValues() {
        store.setTick(1);
        int a = store.spawn(500, 1, 0, 0, SHIP | SHIPS.mask(SHIPS.component(Components.MINING_BEAM)));
        extractor.extractChanges(sink);
        extractor.postExtract();
        sink.lines.clear();
        store.setTick(2);
        store.setBool(a, BEAM_ON, true);
        store.setLong(a, BEAM_TARGET, 900);
        store.setFloat(a, DX, -1f);
        extractor.extractChanges(sink);
        assertThat(sink.lines).containsExactly("500 velocity f32 -1.0 f32 0.0 f32 0.0 end",
                "500 mining_beam bool true uint 900 f32 0.0 uint 0 end");
        sink.lines.clear();
        store.setTick(3);
        store.setLong(a, BEAM_TARGET, 0);
        extractor.postExtract();
        extractor.extractChanges(sink);
        assertThat(sink.lines).isEmpty(); // stamped at tick 3, which postExtract marked as done
    }

    @Test
    void visibleStateIsTheRoomAndTheRoomlessEntities() {
        store.setTick(1);
        store.spawn(500, 1, 0, 100, SHIPS.mask(TRANSFORM));
        store.spawn(501, 1, 0, 200, SHIPS.mask(TRANSFORM));
        store.spawn(502, 1, 0, 0, SHIPS.mask(TRANSFORM));
        extractor.writeVisibleState(100, sink);
        assertThat(sink.lines).filteredOn(l -> l.startsWith("spawn")).containsExactly("spawn 500 kind 1", "spawn 502 kind 1");
    }

    /** Records what a sink receives as lines of text. */
    private static final class Recorder implements ReplicationSink, ComponentWriter {
        final List<String> lines = new ArrayList<>();
        private StringBuilder current;

        @Override
        public ComponentWriter component(long networkId, ComponentSchema schema) {
            current = new StringBuilder(networkId + " " + schema.name());
            return this;
        }

        @Override
        public void spawned(long networkId, int entityKind) {
            lines.add("spawn " + networkId + " kind " + entityKind);
        }

        @Override
        public void despawned(long networkId) {
            lines.add("despawn " + networkId);
        }

        private ComponentWriter add(String s) {
            current.append(' ').append(s);
            return this;
        }

        @Override
        public ComponentWriter bool(boolean value) {
            return add("bool " + value);
        }

        @Override
        public ComponentWriter uint(long value) {
            return add("uint " + value);
        }

        @Override
        public ComponentWriter f32(float value) {
            return add("f32 " + value);
        }

        @Override
        public ComponentWriter str(CharSequence value) {
            return add("str " + value);
        }

        @Override
        public ComponentWriter none() {
            return add("none");
        }

        @Override
        public ComponentWriter variant(int index) {
            return add("variant " + index);
        }

        @Override
        public ComponentWriter sequence(int length) {
            return add("seq " + length);
        }

        @Override
        public void end() {
            lines.add(current.append(" end").toString());
        }
    }
}
