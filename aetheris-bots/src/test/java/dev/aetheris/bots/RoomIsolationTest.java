package dev.aetheris.bots;

import static dev.aetheris.bots.RoomsTest.await;
import static dev.aetheris.bots.RoomsTest.matchmake;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.aetheris.client.AetherisClient;
import dev.aetheris.client.ClientOptions;
import dev.aetheris.client.LoginApi;
import dev.aetheris.replication.ReplicatedWorld;
import dev.aetheris.server.AetherisServer;
import dev.aetheris.server.ClusterConfig;
import dev.aetheris.server.ServerConfig;
import dev.aetheris.server.room.Room;
import dev.aetheris.server.room.RoomKinds;
import dev.aetheris.testkit.ForwardingWorld;
import dev.aetheris.transport.client.ClientTransport;
import dev.aetheris.world.PlaygroundWorld;
import dev.aetheris.world.WorldConfig;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One room stuck inside its tick never delays another: while a room's simulation is held, the
 * other rooms of the process keep ticking and their players keep getting answers; the held room
 * resumes when released. Nor does a room being built: its world is made off the routing lock
 * while the other rooms tick and send, and its player gets in once it is done.
 */
class RoomIsolationTest {
    /** Ticks the other room must complete while the stuck one completes none (2 s at 60 Hz). */
    private static final int TICKS_WHILE_STUCK = 120;

    @Test
    void aRoomStuckInItsTickNeverDelaysAnother(@TempDir Path data) throws Exception {
        ServerConfig config = ServerConfig.devLoopback(data)
                .withCluster(new ClusterConfig("solo", "127.0.0.1", 4, 4, Duration.ZERO, Duration.ofSeconds(30)));
        Stalling stalling = new Stalling();
        RoomKinds kinds = AetherisServer.builtInKinds(config)
                .register("stall", (roomId, seed) -> stalling.wrap(new PlaygroundWorld(WorldConfig.defaults(seed))));
        try (AetherisServer server = AetherisServer.start(config, "test", kinds, Map.of());
             ClientTransport transport = new ClientTransport();
             HttpClient http = HttpClient.newHttpClient()) {
            LoginApi api = new LoginApi(http, "127.0.0.1", server.httpPort());
            AetherisClient stuckPlayer = join(server, transport, http, api, "stuck", "stall");
            AetherisClient freePlayer = join(server, transport, http, api, "free", "playground");
            Room stuck = roomOf(server, "stall");
            Room free = roomOf(server, "playground");

            stalling.hold();
            await(stalling::holding, "the stall room's loop is stuck inside its tick");
            long stuckTicks = stuck.metrics().ticks.get();
            long freeTicks = free.metrics().ticks.get();
            long defaultTicks = server.metrics().ticks.get();
            await(() -> free.metrics().ticks.get() >= freeTicks + TICKS_WHILE_STUCK
                    && server.metrics().ticks.get() >= defaultTicks + TICKS_WHILE_STUCK, "the other rooms tick on");
            assertThat(answers(freePlayer)).as("a player of another room gets its Pong").isTrue();
            // Still stuck: everything above happened while the stall room completed no tick.
            assertThat(stalling.holding()).isTrue();
            assertThat(stuck.metrics().ticks.get()).isEqualTo(stuckTicks);

            stalling.release();
            await(() -> stuck.metrics().ticks.get() > stuckTicks + 1, "the stuck room resumes");
            assertThat(answers(stuckPlayer)).as("its player plays on").isTrue();
            assertThat(freePlayer.phase()).isEqualTo(AetherisClient.Phase.POSSESSED);
            stuckPlayer.close();
            freePlayer.close();
        } finally {
            stalling.release();
        }
    }

    @Test
    void aRoomBeingBuiltNeverDelaysAnother(@TempDir Path data) throws Exception {
        ServerConfig config = ServerConfig.devLoopback(data)
                .withCluster(new ClusterConfig("solo", "127.0.0.1", 4, 4, Duration.ZERO, Duration.ofSeconds(30)));
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        RoomKinds kinds = AetherisServer.builtInKinds(config).register("slow-build", (roomId, seed) -> {
            entered.countDown();
            try {
                release.await(30, TimeUnit.SECONDS); // a world that takes long to make (a map loaded, say)
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return new PlaygroundWorld(WorldConfig.defaults(seed));
        });
        try (AetherisServer server = AetherisServer.start(config, "test", kinds, Map.of());
             ClientTransport transport = new ClientTransport();
             HttpClient http = HttpClient.newHttpClient()) {
            LoginApi api = new LoginApi(http, "127.0.0.1", server.httpPort());
            AetherisClient freePlayer = join(server, transport, http, api, "free", "playground");
            Room free = roomOf(server, "playground");
            String token = api.devLogin("patient", false).get(10, TimeUnit.SECONDS);
            JsonNode seat = matchmake(http, server.httpPort(), token, "slow-build");
            var patient = AetherisClient.connect(transport, api, new ClientOptions("127.0.0.1", server.httpPort(),
                    server.quicPort(), "ws", "patient", token, false).withReservation(seat.get("reservation").asText()));
            assertThat(entered.await(20, TimeUnit.SECONDS)).as("the room's world is being made").isTrue();
            long freeTicks = free.metrics().ticks.get();
            // Sends take the routing lock: a Pong proves the build does not hold it.
            assertThat(answers(freePlayer)).as("a player of another room gets its Pong").isTrue();
            // Few ticks: the held player waits for its room only up to TransportMux.BUILD_WAIT_NANOS (3 s).
            await(() -> free.metrics().ticks.get() >= freeTicks + 30, "the other room ticks on");
            assertThat(release.getCount()).isOne();
            assertThat(patient).as("its player waits for the room").isNotDone();
            release.countDown();
            AetherisClient in = patient.get(20, TimeUnit.SECONDS);
            assertThat(in.phase()).isEqualTo(AetherisClient.Phase.POSSESSED);
            assertThat(server.rooms().room(seat.get("room_id").asText())).isNotNull();
            in.close();
            freePlayer.close();
        } finally {
            release.countDown();
        }
    }

    private static AetherisClient join(AetherisServer server, ClientTransport transport, HttpClient http, LoginApi api,
                                       String name, String kind) throws Exception {
        String token = api.devLogin(name, false).get(10, TimeUnit.SECONDS);
        JsonNode seat = matchmake(http, server.httpPort(), token, kind);
        return AetherisClient.connect(transport, api, new ClientOptions("127.0.0.1", server.httpPort(),
                server.quicPort(), "ws", name, token, false).withReservation(seat.get("reservation").asText()))
                .get(20, TimeUnit.SECONDS);
    }

    private static Room roomOf(AetherisServer server, String kind) {
        return server.rooms().rooms().stream().filter(r -> r.kind().equals(kind) && r != server.rooms().defaultRoomHandle())
                .findFirst().orElseThrow();
    }

    /** Whether a Ping of {@code c} is answered (bounded wait); a stuck room never answers. */
    private static boolean answers(AetherisClient c) throws InterruptedException {
        int before = c.stats().rttSamples().size();
        c.ping();
        for (int i = 0; i < 100 && c.stats().rttSamples().size() == before; i++) {
            Thread.sleep(50);
        }
        return c.phase() == AetherisClient.Phase.POSSESSED && c.stats().rttSamples().size() > before;
    }

    /** Holds the simulation of the worlds it wraps on request, as a slow or stuck tick would. */
    private static final class Stalling {
        private volatile CountDownLatch gate = new CountDownLatch(0);
        private volatile boolean holding;

        void hold() {
            gate = new CountDownLatch(1);
        }

        void release() {
            gate.countDown();
        }

        boolean holding() {
            return holding;
        }

        ReplicatedWorld wrap(PlaygroundWorld w) {
            return new ForwardingWorld(w) {
                @Override
                public void simulate() {
                    CountDownLatch g = gate;
                    if (g.getCount() > 0) {
                        holding = true;
                        try {
                            g.await(30, TimeUnit.SECONDS); // bounded: a failing test must still end
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                        holding = false;
                    }
                    super.simulate();
                }
            };
        }
    }
}
