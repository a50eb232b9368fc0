package dev.aetheris.protocol.event;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aetheris.protocol.ClientId;
import java.util.List;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class EventsTest {
    private static final ClientId C = new ClientId(7);

    @Test
    void everyWireEventMapsToALocalEventAndBack() {
        List<WireEvent> all = List.of(new WireEvent.Ping(1), new WireEvent.Pong(2), new WireEvent.Auth("t"),
                new WireEvent.JoinRoom("seat"), new WireEvent.Fragment(new FragmentedEvent(1, 0, 1, new byte[] {1})),
                new WireEvent.StressTest(5, true), new WireEvent.Spawn(1, 1f, 2f, 3f), new WireEvent.ClearWorld(),
                new WireEvent.StartSession(), new WireEvent.RequestSystemManifest(),
                new WireEvent.GameEvent(new GameEvent.Possession(101)),
                new WireEvent.ReplicationBatch(List.of(new ReplicationEvent(101, 1, new byte[] {9}, 3))),
                new WireEvent.EntitySpawned(101, 5), new WireEvent.EntityDespawned(101));
        for (WireEvent w : all) {
            NetworkEvent n = w.toNetworkEvent(C);
            assertThat(n.client()).isEqualTo(C);
            assertThat(n.toWireEvent()).as(w.variantName()).contains(w);
            assertThat(n.getClass().getSimpleName()).isEqualTo(w.variantName());
        }
        assertThat(WireEvent.class.getPermittedSubclasses()).hasSize(all.size());
    }

    @Test
    void localOnlyEventsHaveNoWireForm() {
        List<NetworkEvent> local = List.of(new NetworkEvent.ClientConnected(C), new NetworkEvent.ClientDisconnected(C),
                new NetworkEvent.Disconnected(C), new NetworkEvent.SessionClosed(C), new NetworkEvent.StreamReset(C),
                new NetworkEvent.UnreliableMessage(C, new byte[] {1}), new NetworkEvent.ReliableMessage(C, new byte[0]));
        for (NetworkEvent e : local) {
            assertThat(e.toWireEvent()).as(e.toString()).isEmpty();
        }
    }

    @Test
    void byteArrayRecordsCompareByContentAndManifestIsSortedAndImmutable() {
        assertThat(new ReplicationEvent(1, 2, new byte[] {1, 2}, 3)).isEqualTo(new ReplicationEvent(1, 2, new byte[] {1, 2}, 3))
                .isNotEqualTo(new ReplicationEvent(1, 2, new byte[] {1, 3}, 3));
        TreeMap<String, String> m = new TreeMap<>();
        m.put("z", "1");
        m.put("a", "2");
        GameEvent.SystemManifest s = new GameEvent.SystemManifest(m);
        m.put("b", "3");
        assertThat(s.manifest().keySet()).containsExactly("a", "z");
        assertThat(new WireEvent.Auth("secret-token").toString()).doesNotContain("secret");
        assertThat(new WireEvent.JoinRoom("secret-seat").toString()).doesNotContain("secret");
        assertThat(new NetworkEvent.JoinRoom(C, "secret-seat").toString()).doesNotContain("secret");
    }
}
