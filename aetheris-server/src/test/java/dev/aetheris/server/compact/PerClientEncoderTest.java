package dev.aetheris.server.compact;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aetheris.replication.EntityStore;
import dev.aetheris.replication.ReplicationEncoder;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PerClientEncoderTest {
    private final List<String> log = new ArrayList<>();

    private ReplicationEncoder recording(String name, int cost) {
        return new ReplicationEncoder() {
            @Override
            public void beginSend(EntityStore store) {
                log.add(name + " beginSend");
            }

            @Override
            public void beginClient(long clientId) {
                log.add(name + " client " + clientId);
            }

            @Override
            public int enterCost(int entity, long componentMask) {
                return cost;
            }

            @Override
            public int updateCost(int entity, long componentMask) {
                return cost + 1;
            }

            @Override
            public int leaveCost(long networkId) {
                return cost + 2;
            }

            @Override
            public void enter(int entity, long componentMask) {
                log.add(name + " enter " + entity);
            }

            @Override
            public void update(int entity, long componentMask) {
                log.add(name + " update " + entity);
            }

            @Override
            public void leave(long networkId) {
                log.add(name + " leave " + networkId);
            }

            @Override
            public int endClient() {
                return cost * 10;
            }

            @Override
            public void endSend() {
                log.add(name + " endSend");
            }
        };
    }

    @Test
    void eachClientsPartGoesToTheEncoderOfItsWire() {
        PerClientEncoder e = new PerClientEncoder(recording("v1", 30), recording("v2", 4), id -> id == 2);
        e.beginSend(null);
        e.beginClient(1);
        assertThat(e.enterCost(0, 1)).isEqualTo(30);
        e.enter(0, 1);
        assertThat(e.endClient()).isEqualTo(300);
        e.beginClient(2);
        assertThat(e.updateCost(0, 1)).isEqualTo(5);
        assertThat(e.leaveCost(9)).isEqualTo(6);
        e.update(0, 1);
        e.leave(9);
        assertThat(e.endClient()).isEqualTo(40);
        e.endSend();
        assertThat(log).containsExactly("v1 beginSend", "v2 beginSend", "v1 client 1", "v1 enter 0", "v2 client 2",
                "v2 update 0", "v2 leave 9", "v1 endSend", "v2 endSend");
    }
}
