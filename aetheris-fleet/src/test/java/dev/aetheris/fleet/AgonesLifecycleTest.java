package dev.aetheris.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aetheris.testkit.AgonesStandIn;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/** The node's Agones calls against a stand-in sidecar implementing the documented REST paths. */
class AgonesLifecycleTest {

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        for (int i = 0; i < 200 && !condition.getAsBoolean(); i++) {
            Thread.sleep(50);
        }
        assertThat(condition.getAsBoolean()).as(what).isTrue();
    }

    @Test
    void readyThenHealthWithCountersAllocateOnceOnTheFirstSeatAndShutdownLast() throws Exception {
        AtomicInteger rooms = new AtomicInteger(3);
        AtomicInteger players = new AtomicInteger(7);
        try (AgonesStandIn sidecar = new AgonesStandIn()) {
            AgonesSdk sdk = AgonesSdk.fromEnvironment(Map.of(AgonesSdk.PORT_ENV, Integer.toString(sidecar.port())))
                    .orElseThrow();
            AgonesLifecycle life = new AgonesLifecycle(sdk, rooms::get, players::get);
            life.start();
            await(() -> sidecar.calls().contains("PATCH /v1beta1/counters/players {\"count\":\"7\"}"), "first counters");
            assertThat(sidecar.calls().getFirst()).isEqualTo("POST /ready {}");
            assertThat(sidecar.calls()).contains("POST /health {}", "PATCH /v1beta1/counters/rooms {\"count\":\"3\"}");
            assertThat(sidecar.calls()).noneMatch(c -> c.startsWith("POST /allocate"));
            life.seatGranted();
            life.seatGranted();
            await(() -> sidecar.calls().contains("POST /allocate {}"), "allocate after the first seat");
            rooms.set(4);
            await(() -> sidecar.calls().contains("PATCH /v1beta1/counters/rooms {\"count\":\"4\"}"), "counter update");
            life.seatGranted();
            life.close();
            assertThat(sidecar.calls().getLast()).isEqualTo("POST /shutdown {}");
            assertThat(sidecar.calls().stream().filter(c -> c.startsWith("POST /allocate"))).hasSize(1);
            assertThat(sidecar.calls().stream().filter(c -> c.startsWith("POST /ready"))).hasSize(1);
        }
    }

    @Test
    void noPortMeansNoAgonesAndABadPortIsNamed() {
        assertThat(AgonesSdk.fromEnvironment(Map.of())).isEmpty();
        org.assertj.core.api.Assertions.assertThatThrownBy(
                () -> AgonesSdk.fromEnvironment(Map.of(AgonesSdk.PORT_ENV, "nine")))
                .hasMessageContaining(AgonesSdk.PORT_ENV);
    }
}
