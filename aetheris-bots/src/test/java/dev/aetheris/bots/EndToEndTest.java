package dev.aetheris.bots;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aetheris.client.AetherisClient;
import dev.aetheris.server.AetherisServer;
import dev.aetheris.server.ServerConfig;
import dev.aetheris.server.tick.TickConfig;
import dev.aetheris.world.PlaygroundWorld;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real server and real bots on loopback: 50 over QUIC and 50 over WebSocket for 12 s. Every
 * bot must take its ship, decode everything, and end with a mirror of what its interest covers:
 * its own ship, only live entities, nothing far outside its radius.
 */
class EndToEndTest {

    @Test
    void fiftyQuicAndFiftyWebSocketBotsPossessAndMirrorTheServer(@TempDir Path data) throws Exception {
        try (AetherisServer server = AetherisServer.start(ServerConfig.devLoopback(data), "test")) {
            CountDownLatch bothDone = new CountDownLatch(2);
            CountDownLatch compared = new CountDownLatch(1);
            List<AetherisClient> all = java.util.Collections.synchronizedList(new ArrayList<>());
            ExecutorService pool = Executors.newFixedThreadPool(2);
            List<Future<BotReport>> runs = new ArrayList<>();
            for (String transport : List.of("quic", "ws")) {
                BotsOptions o = new BotsOptions("127.0.0.1", server.httpPort(), server.quicPort(), transport, 50,
                        // A 5 s ramp: 100 handshakes and logins spread out, so a busy 2-core machine
                        // still gets every bot through the server's 5 s auth deadline.
                        Duration.ofSeconds(12), Duration.ofSeconds(5), null, "fly", transport.equals("ws") ? 100 : 0,
                        Integer.MAX_VALUE);
                runs.add(pool.submit(() -> new BotRun(o, new java.io.PrintStream(java.io.OutputStream.nullOutputStream()) {
                    @Override
                    public void println(String x) {
                        if (x != null && x.startsWith("bot failure")) {
                            System.err.println(transport + ": " + x);
                        }
                    }
                }).run(clients -> {
                    all.addAll(clients);
                    bothDone.countDown();
                    try {
                        compared.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                })));
            }
            bothDone.await();
            // Freeze the world while the server keeps replicating: codec v2 clients converge by
            // snapshots, so they need sends after the last change. Wait (bounded) until every
            // mirror dropped what the world despawned and holds its own ship, then stop the loop
            // and compare every mirror with the world.
            PlaygroundWorld world = (PlaygroundWorld) server.world();
            world.setFrozen(true);
            long settle = System.nanoTime() + 15_000_000_000L;
            while (System.nanoTime() < settle && !all.stream().allMatch(c -> c.mirror().ids().stream()
                    .allMatch(world::isAlive) && (!world.isAlive(c.ship()) || c.mirror().contains(c.ship())))) {
                Thread.sleep(50);
            }
            Thread.sleep(500); // a few more sends land
            assertThat(server.stopTicking()).isTrue();
            // Interest: a bot knows its own ship, no entity the world no longer has, and nothing far
            // beyond its interest radius (R + 10 % to leave, plus what moved since the last scan).
            float far = 3 * TickConfig.DEFAULT_INTEREST_RADIUS;
            int known = 0;
            int farKnown = 0;
            long[] ids = new long[100_000];
            int alive = world.queryRadius(0, 0, 1_000_000f, ids);
            java.util.Set<Long> placed = new java.util.HashSet<>(); // entities with a position (not the room)
            for (int i = 0; i < alive; i++) {
                placed.add(ids[i]);
            }
            int withShip = 0;
            for (AetherisClient c : all) {
                for (long id : c.mirror().ids()) {
                    assertThat(world.isAlive(id)).as("bot mirrors only live entities (%d)", id).isTrue();
                }
                if (!world.isAlive(c.ship())) {
                    continue; // shot down, and its respawn has not reached the bot yet
                }
                withShip++;
                assertThat(c.mirror().contains(c.ship())).as("a bot always knows its own ship").isTrue();
                PlaygroundWorld.EntityView ship = world.view(c.ship());
                for (long id : c.mirror().ids()) {
                    if (!placed.contains(id)) {
                        continue; // room-global: always relevant, wherever the bot is
                    }
                    PlaygroundWorld.EntityView v = world.view(id);
                    known++;
                    if (Math.hypot(v.x() - ship.x(), v.y() - ship.y()) > far) {
                        farKnown++;
                    }
                }
                assertThat(c.mirror().size()).as("interest: a bot does not see the whole %d-entity world", alive)
                        .isLessThan(alive);
            }
            compared.countDown();
            List<BotReport> reports = new ArrayList<>();
            for (Future<BotReport> f : runs) {
                reports.add(f.get());
            }
            pool.shutdown();
            for (BotReport r : reports) {
                assertThat(r.possessed()).as(r.toJson()).isEqualTo(50);
                assertThat(r.decodeErrors()).as(r.toJson()).isZero();
                assertThat(r.disconnects()).as(r.toJson()).isZero();
                // Inputs flowed; their rate depends on how busy the machine is, so it is not asserted.
                assertThat(r.inputRatePerClient()).as(r.toJson()).isPositive();
                assertThat(r.failure()).as(r.toJson()).isNull();
            }
            assertThat(withShip).as("bots whose ship is alive").isPositive();
            assertThat(known).isGreaterThan(withShip);
            assertThat(farKnown).as("entities known far outside a bot's interest").isZero();
        }
    }
}
