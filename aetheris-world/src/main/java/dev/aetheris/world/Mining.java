package dev.aetheris.world;

import static dev.aetheris.world.PlaygroundSchema.BEAM_ON;
import static dev.aetheris.world.PlaygroundSchema.BEAM_TARGET;
import static dev.aetheris.world.PlaygroundSchema.ORE;
import static dev.aetheris.world.PlaygroundSchema.ORE_MAX;

import dev.aetheris.protocol.component.EntityKinds;
import dev.aetheris.protocol.event.GameEvent;
import dev.aetheris.protocol.seam.ReliableEventSink;
import dev.aetheris.replication.EntityStore;

/**
 * The mining system: beams that pull ore from an asteroid in range into the hold, depletion
 * (broadcast {@code AsteroidDepleted} once, respawn later), and cargo drops that a passing ship
 * collects ({@code CargoCollected} to the collector's owner, broadcast for unowned ships) or that
 * expire.
 */
final class Mining {
    static final float MINING_RANGE = 15f;
    static final int MINING_RATE = 2;
    static final float MINING_INTERVAL_SECONDS = 1f / 6f;
    static final int CARGO_CAPACITY = 500;
    static final int ASTEROID_ORE = 100;
    static final float PICKUP_RADIUS = 10f;

    private final Entities e;
    private final EntityStore store;
    private final Respawns respawns;
    private final int miningIntervalTicks;
    private final int asteroidRespawnTicks;

    Mining(Entities e, Respawns respawns) {
        this.e = e;
        this.store = e.store;
        this.respawns = respawns;
        miningIntervalTicks = e.config.ticks(MINING_INTERVAL_SECONDS);
        asteroidRespawnTicks = e.config.ticks(e.config.asteroidRespawnSeconds());
    }

    /** Switches a ship's beam off, or on at {@code target} if that is an asteroid; no effect without a beam. */
    void toggle(int i, long target) {
        if (!KindTable.has(store.kind(i), PlaygroundSchema.MINING)) {
            return;
        }
        if (store.getBool(i, BEAM_ON)) {
            beamOff(i);
        } else {
            int t = e.indexOf(target);
            if (t < 0 || store.kind(t) != EntityKinds.ASTEROID) {
                return; // Nothing to mine (the rock may have just been depleted): the beam stays off.
            }
            store.setBool(i, BEAM_ON, true);
            store.setLong(i, BEAM_TARGET, target);
        }
    }

    /** Runs every actor's beam. */
    void mine(Motion m) {
        for (int a = 0; a < m.actorCount; a++) {
            int i = m.actors[a];
            if (e.kind(i) != 0 && e.beamOn(i)) {
                mine(i);
            }
        }
    }

    private void beamOff(int i) {
        store.setBool(i, BEAM_ON, false);
        store.setLong(i, BEAM_TARGET, 0);
    }

    private void mine(int i) {
        int t = e.indexOf(store.getLong(i, BEAM_TARGET));
        int cargo = e.cargo(i);
        float d = 0f;
        boolean ok = t >= 0 && store.kind(t) == EntityKinds.ASTEROID && e.ore(t) > 0 && cargo < CARGO_CAPACITY;
        if (ok) {
            float dx = e.x(t) - e.x(i);
            float dy = e.y(t) - e.y(i);
            d = (float) Math.sqrt(dx * dx + dy * dy);
            ok = d <= MINING_RANGE;
        }
        if (!ok) {
            beamOff(i);
            return;
        }
        if (e.tick() % miningIntervalTicks != 0) {
            return;
        }
        int ore = e.ore(t);
        int amount = Math.max(1, Math.round(MINING_RATE * Math.max(0.1f, 1f - d / MINING_RANGE)));
        amount = Math.min(amount, Math.min(CARGO_CAPACITY - cargo, ore));
        e.setCargo(i, cargo + amount);
        store.setLong(t, ORE, ore - amount);
        if (ore - amount == 0) {
            e.events.add(ReliableEventSink.BROADCAST, new GameEvent.AsteroidDepleted(store.networkId(t)));
            respawns.schedule(EntityKinds.ASTEROID, e.x(t), e.y(t), (int) store.getLong(t, ORE_MAX),
                    asteroidRespawnTicks);
            e.despawn(t);
        }
    }

    /** Ages every cargo drop and hands it to the nearest ship with room in its hold. */
    void collect(Motion m) {
        for (int d = 0; d < m.dropCount; d++) {
            int i = m.drops[d];
            if (e.kind(i) == EntityKinds.CARGO_DROP) {
                updateDrop(i);
            }
        }
    }

    private void updateDrop(int i) {
        int quantity = e.cargo(i);
        if (--e.lifetime[i] <= 0 || quantity == 0) {
            e.despawn(i); // Empty drops (e.g. spawned by hand) vanish instead of living forever.
            return;
        }
        float px = e.x(i);
        float py = e.y(i);
        int n = e.query(px, py, PICKUP_RADIUS);
        int[] found = e.queryBuf;
        int best = -1;
        float bestD = Float.MAX_VALUE;
        for (int q = 0; q < n; q++) {
            int j = found[q];
            if (!KindTable.has(store.kind(j), PlaygroundSchema.CARGO_HOLD) || e.cargo(j) >= CARGO_CAPACITY) {
                continue;
            }
            float dx = e.x(j) - px;
            float dy = e.y(j) - py;
            float dd = dx * dx + dy * dy;
            if (dd < bestD || (dd == bestD && store.networkId(j) < store.networkId(best))) {
                best = j;
                bestD = dd;
            }
        }
        if (best < 0) {
            return;
        }
        int held = e.cargo(best);
        int amount = Math.min(quantity, CARGO_CAPACITY - held);
        e.setCargo(best, held + amount);
        e.setCargo(i, quantity - amount);
        long owner = store.owner(best);
        e.events.add(owner != 0 ? owner : ReliableEventSink.BROADCAST,
                new GameEvent.CargoCollected(store.networkId(best), amount));
        if (quantity - amount == 0) {
            e.despawn(i); // Once: no second "collected 0" event as upstream sent.
        }
    }
}
