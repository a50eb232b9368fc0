package dev.aetheris.world;

import dev.aetheris.protocol.component.EntityKinds;
import dev.aetheris.protocol.error.WorldError;
import dev.aetheris.protocol.error.WorldException;
import dev.aetheris.protocol.event.GameEvent;
import dev.aetheris.protocol.seam.WorldState;
import dev.aetheris.protocol.util.LongMap;

/**
 * The session-ship system: one ship per client, its room, and its respawn. When a session ship
 * dies, the owner gets a fresh ship of the same kind after the respawn delay at a point the seeded
 * RNG picks in the inner half of the room, announced by {@code RespawnEvent(newShip, x, y)} to the
 * owner; the next {@link #spawn} for that client hands it over instead of making another.
 */
final class SessionShips {
    /** Per-client bookkeeping; created when a client gets its first session ship. */
    private static final class Client {
        long room;
        long ship;
        long freshShip;
        long respawnDue;
        int respawnKind;
    }

    private final Entities e;
    private final LongMap<Client> clients = new LongMap<>();
    private final int respawnTicks;
    private int pendingRespawns;

    SessionShips(Entities e) {
        this.e = e;
        respawnTicks = e.config.ticks(e.config.respawnDelaySeconds());
    }

    /** See {@link WorldState#spawnSessionShip}; position and kind are already validated. */
    long spawn(int kind, float px, float py, float r, long clientId) throws WorldException {
        Client cs = clients.get(clientId);
        if (cs == null) {
            cs = new Client();
            clients.put(clientId, cs);
        }
        if (cs.freshShip != 0 && e.indexOf(cs.freshShip) >= 0) {
            // The respawned ship waits for its owner: hand it over instead of making another.
            cs.ship = cs.freshShip;
            cs.freshShip = 0;
            cs.room = e.roomId();
            return cs.ship;
        }
        if (cs.ship != 0 && e.indexOf(cs.ship) >= 0) {
            cs.room = e.roomId();
            return cs.ship; // One session ship per client.
        }
        if (cs.respawnDue != 0) {
            throw new WorldException(new WorldError.InvalidInput(
                    "the ship respawns in " + (cs.respawnDue - e.tick()) + " ticks"));
        }
        int i = e.spawn(kind, px, py, r, clientId);
        if (i < 0) {
            throw new WorldException(new WorldError.EntityLimitReached(e.config.maxEntities()));
        }
        e.session[i] = true;
        cs.ship = e.store.networkId(i);
        cs.room = e.store.room(i);
        return cs.ship;
    }

    /** A session ship of {@code owner} died: schedule its replacement (once). */
    void shipDied(long owner, long ship, int kind) {
        Client cs = clients.get(owner);
        if (cs != null && (cs.ship == ship || cs.freshShip == ship) && cs.respawnDue == 0) {
            cs.freshShip = 0;
            cs.respawnDue = e.tick() + respawnTicks;
            cs.respawnKind = kind;
            pendingRespawns++;
        }
    }

    /** Spawns the fresh ships that are due and tells their owners. */
    void run() {
        if (pendingRespawns == 0) {
            return;
        }
        long now = e.tick();
        float w = e.maxX - e.minX;
        float h = e.maxY - e.minY;
        for (int s = 0; s < clients.capacity(); s++) {
            Client cs = clients.valueAt(s);
            if (cs == null || cs.respawnDue == 0 || now < cs.respawnDue) {
                continue;
            }
            float px = e.rng.nextFloat(e.minX + w * 0.25f, e.maxX - w * 0.25f);
            float py = e.rng.nextFloat(e.minY + h * 0.25f, e.maxY - h * 0.25f);
            long clientId = clients.keyAt(s);
            int i = e.spawn(cs.respawnKind, px, py, 0f, clientId);
            if (i < 0) {
                continue;
            }
            e.session[i] = true;
            long id = e.store.networkId(i);
            cs.freshShip = id;
            cs.respawnDue = 0;
            pendingRespawns--;
            e.events.add(clientId, new GameEvent.RespawnEvent(id, e.x(i), e.y(i)));
        }
    }

    /** The world was cleared: nobody waits for a fresh ship any more. */
    void clear() {
        for (int s = 0; s < clients.capacity(); s++) {
            Client cs = clients.valueAt(s);
            if (cs != null) {
                cs.respawnDue = 0;
                cs.freshShip = 0;
            }
        }
        pendingRespawns = 0;
    }

    long clientRoom(long clientId) {
        Client cs = clients.get(clientId);
        return cs == null ? WorldState.NO_ROOM : cs.room;
    }

    /** Forgets the client; despawns a fresh ship it never claimed (the tick never learned its id). */
    void remove(long clientId) {
        Client cs = clients.remove(clientId);
        if (cs == null) {
            return;
        }
        if (cs.respawnDue != 0) {
            pendingRespawns--;
        }
        if (cs.freshShip != 0) {
            int i = e.indexOf(cs.freshShip);
            if (i >= 0) {
                e.despawn(i);
            }
        }
    }

    /** Whether {@code kind} may be a session ship. */
    static boolean isShipKind(int kind) {
        return kind == EntityKinds.INTERCEPTOR || kind == EntityKinds.DREADNOUGHT || kind == EntityKinds.HAULER;
    }
}
