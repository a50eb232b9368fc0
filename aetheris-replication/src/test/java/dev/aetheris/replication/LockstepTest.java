package dev.aetheris.replication;

import static dev.aetheris.replication.TestSchemas.*;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Clients in step repeat another client's offers: checked against the same world replicated
 * client by client, which must send every client exactly the same.
 */
class LockstepTest {
    private static final long ROOM = 100;
    private static final long OTHER_ROOM = 200;
    private static final long MOVING = SHIPS.mask(TRANSFORM, VELOCITY, HULL);

    /** One store and replicator; {@code shortcut} lets the encoder declare client-independent costs. */
    private static final class Side {
        final EntityStore store = new EntityStore(SHIPS, 512);
        final CountingEncoder encoder = new CountingEncoder();
        final Replicator replicator;

        Side(boolean shortcut) {
            encoder.independentCosts = shortcut;
            replicator = new Replicator(store, new ReplicationSettings(100, 20, 1_000_000, 10, 0.05f, 1), encoder);
        }
    }

    private final Side fast = new Side(true);
    private final Side plain = new Side(false);
    private final List<Long> clients = new ArrayList<>();
    private long tick;

    private void both(java.util.function.Consumer<Side> op) {
        op.accept(fast);
        op.accept(plain);
    }

    private void spawnGlobal(long id, float x, long owner, long mask) {
        both(s -> {
            int e = s.store.spawn(id, 1, owner, ROOM, mask);
            s.store.setFloat(e, X, x);
            s.store.setGlobal(e, true);
        });
    }

    private void client(long id, long ship) {
        clients.add(id);
        both(s -> {
            s.replicator.addClient(id);
            s.replicator.setRoom(id, ROOM);
            s.replicator.setFocus(id, ship);
        });
    }

    /** One tick and send on both sides; asserts every client was sent the same on both. */
    private void tickAndCompare() {
        tick++;
        both(s -> s.store.setTick(tick));
        both(s -> {
            s.encoder.log.clear();
            s.replicator.replicate();
        });
        assertThat(sorted(fast.encoder.log)).as("send at tick %d", tick).isEqualTo(sorted(plain.encoder.log));
        for (long c : clients) {
            assertThat(fast.replicator.view(c).knownCount()).isEqualTo(plain.replicator.view(c).knownCount());
            assertThat(fast.replicator.view(c).lastSendBytes()).isEqualTo(plain.replicator.view(c).lastSendBytes());
        }
    }

    private static List<String> sorted(List<String> log) {
        List<String> copy = new ArrayList<>(log);
        copy.sort(null);
        return copy;
    }

    @Test
    void clientsInStepAreSentExactlyWhatTheyWouldBeSentOneByOne() {
        Random random = new Random(42);
        tick++;
        both(s -> s.store.setTick(tick));
        for (int i = 0; i < 40; i++) {
            spawnGlobal(1000 + i, random.nextFloat() * 4000 - 2000, 0, MOVING);
        }
        long nextId = 2000;
        long nextClient = 1;
        for (int round = 0; round < 300; round++) {
            if (round < 60 && round % 5 == 0) { // clients join over time, each with its own ship
                long ship = nextId++;
                spawnGlobal(ship, random.nextFloat() * 100, nextClient, MOVING);
                client(nextClient++, ship);
            }
            tick++;
            both(s -> s.store.setTick(tick));
            for (int m = 0; m < 8; m++) { // a few entities move, some change stats
                long id = 1000 + random.nextInt(40);
                float x = random.nextFloat() * 4000 - 2000;
                boolean hull = random.nextInt(4) == 0;
                both(s -> {
                    int e = s.store.indexOf(id);
                    if (e != EntityStore.NONE) {
                        s.store.setFloat(e, X, x);
                        if (hull) {
                            s.store.setLong(e, HULL_NOW, (long) x & 0x3ff);
                        }
                    }
                });
            }
            if (random.nextInt(10) == 0) { // an entity dies, another spawns
                long dead = 1000 + random.nextInt(40);
                both(s -> s.store.despawnById(dead));
                spawnGlobal(nextId++, random.nextFloat() * 100, 0, MOVING);
            }
            if (round == 100) { // one client goes elsewhere, and comes back later
                both(s -> s.replicator.setRoom(3, OTHER_ROOM));
            }
            if (round == 140) {
                both(s -> s.replicator.setRoom(3, ROOM));
            }
            if (round >= 180 && round < 200) { // a congested client: the budget binds for it
                both(s -> s.replicator.setTransportCapacity(5, 100));
            } else if (round == 200) {
                both(s -> s.replicator.setTransportCapacity(5, Integer.MAX_VALUE));
            }
            both(s -> s.encoder.log.clear());
            both(s -> s.replicator.replicate());
            assertThat(sorted(fast.encoder.log)).as("round %d", round).isEqualTo(sorted(plain.encoder.log));
            for (long c : clients) {
                ClientView f = fast.replicator.view(c);
                ClientView p = plain.replicator.view(c);
                assertThat(f.knownCount()).as("client %d, round %d", c, round).isEqualTo(p.knownCount());
                assertThat(f.deferredCount()).isEqualTo(p.deferredCount());
                assertThat(f.lastSendBytes()).isEqualTo(p.lastSendBytes());
            }
        }
        assertThat(plain.replicator.repeatedClients()).isZero();
        // 12 clients for most of 300 sends: nearly all of them repeat the first one's work.
        assertThat(fast.replicator.repeatedClients()).isGreaterThan(2500);
    }

    @Test
    void aClientWhoseBudgetBindsDoesNotRepeat() {
        tickAndCompare();
        spawnGlobal(1, 0, 1, MOVING);
        spawnGlobal(2, 10, 2, MOVING);
        for (int i = 0; i < 5; i++) {
            spawnGlobal(10 + i, 50 * i, 0, MOVING);
        }
        client(1, 1);
        client(2, 2);
        tickAndCompare();
        tickAndCompare();
        fast.replicator.setTransportCapacity(2, 30);
        plain.replicator.setTransportCapacity(2, 30);
        long before = fast.replicator.repeatedClients();
        for (int round = 0; round < 3; round++) {
            tick++;
            both(s -> {
                s.store.setTick(tick);
                for (int i = 0; i < 5; i++) {
                    s.store.setFloat(s.store.indexOf(10 + i), X, tick + i);
                }
            });
            tickAndCompare();
        }
        assertThat(fast.replicator.repeatedClients()).isEqualTo(before);
        assertThat(fast.replicator.view(2).deferredCount()).isPositive();
    }

    @Test
    void entitiesThatDependOnWhereOrWhoTheClientIsKeepEveryClientOnItsOwn() {
        tickAndCompare();
        spawnGlobal(1, 0, 1, MOVING);
        spawnGlobal(2, 10, 2, MOVING);
        client(1, 1);
        client(2, 2);
        client(3, 0);
        for (int i = 0; i < 5; i++) {
            tickAndCompare();
        }
        long inStep = fast.replicator.repeatedClients();
        assertThat(inStep).as("all-global and nothing owner-only: clients repeat").isPositive();
        // An entity only those near it see: what a client sees depends on where it is.
        both(s -> s.store.spawn(50, 1, 0, ROOM, MOVING));
        for (int i = 0; i < 5; i++) {
            tickAndCompare();
        }
        assertThat(fast.replicator.repeatedClients()).isEqualTo(inStep);
        both(s -> s.store.despawnById(50));
        tickAndCompare();
        tickAndCompare();
        tickAndCompare();
        long again = fast.replicator.repeatedClients();
        assertThat(again).isGreaterThan(inStep);
        // A ship with owner-only cargo: what a client sees depends on which ship is its own.
        spawnGlobal(60, 5, 1, SHIPS.mask(TRANSFORM, VELOCITY, HULL, CARGO));
        for (int i = 0; i < 5; i++) {
            tickAndCompare();
        }
        assertThat(fast.replicator.repeatedClients()).isEqualTo(again);
    }

    @Test
    void clientsFollowOnlyClientsWhoseCostsAreTheirs() {
        // Even clients cost twice as much; each wire has its group. A capacity between the two:
        // the cheap clients get everything, the dear ones must not be handed the cheap ones' offers.
        fast.encoder.groups = id -> (int) (id % 2);
        fast.encoder.scale = id -> 1 + (int) ((id + 1) % 2);
        plain.encoder.scale = fast.encoder.scale;
        tickAndCompare();
        for (int i = 0; i < 6; i++) {
            spawnGlobal(10 + i, 50 * i, 0, MOVING);
        }
        for (long c = 1; c <= 6; c++) {
            client(c, 0);
        }
        tickAndCompare();
        tickAndCompare();
        for (long c = 1; c <= 6; c++) {
            long id = c;
            both(s -> s.replicator.setTransportCapacity(id, 200)); // 6 moves: 120 B cheap, 240 B dear
        }
        for (int round = 0; round < 6; round++) {
            tick++;
            both(s -> {
                s.store.setTick(tick);
                for (int i = 0; i < 6; i++) {
                    s.store.setFloat(s.store.indexOf(10 + i), X, tick + i);
                }
            });
            both(s -> {
                s.encoder.log.clear();
                s.replicator.replicate();
            });
            assertThat(sorted(fast.encoder.log)).as("round %d", round).isEqualTo(sorted(plain.encoder.log));
        }
        assertThat(fast.replicator.view(2).deferredCount()).as("the dear clients' budget binds").isPositive();
        assertThat(fast.replicator.view(3).deferredCount()).isZero();
        assertThat(fast.replicator.repeatedClients()).as("the cheap ones still repeat").isPositive();
    }
}
