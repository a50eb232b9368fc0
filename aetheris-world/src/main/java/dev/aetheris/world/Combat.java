package dev.aetheris.world;

import static dev.aetheris.world.PlaygroundSchema.LAST_FIRED;
import static dev.aetheris.world.PlaygroundSchema.VX;
import static dev.aetheris.world.PlaygroundSchema.VY;

import dev.aetheris.protocol.component.EntityKinds;
import dev.aetheris.protocol.event.GameEvent;
import dev.aetheris.protocol.seam.ReliableEventSink;
import dev.aetheris.replication.EntityStore;

/**
 * The combat system: firing with auto-aim, projectile flight and hits, damage to shields and
 * hull, death (cargo drop, respawns), and shield regeneration after a quiet spell.
 * {@code DamageEvent} and {@code DeathEvent} are broadcast: everyone sees combat.
 */
final class Combat {
    static final int WEAPON_DAMAGE = 25;
    static final float WEAPON_RANGE = 200f;
    static final float WEAPON_COOLDOWN_SECONDS = 0.5f;
    static final float PROJECTILE_LIFETIME_SECONDS = 5f;
    static final float HIT_RADIUS = 4f;

    private final Entities e;
    private final EntityStore store;
    private final Respawns respawns;
    private final SessionShips sessions;
    private final int cooldownTicks;
    private final int regenDelayTicks;
    private final int asteroidRespawnTicks;
    private final int respawnTicks;

    Combat(Entities e, Respawns respawns, SessionShips sessions) {
        this.e = e;
        this.store = e.store;
        this.respawns = respawns;
        this.sessions = sessions;
        WorldConfig c = e.config;
        cooldownTicks = c.ticks(WEAPON_COOLDOWN_SECONDS);
        regenDelayTicks = c.ticks(c.shieldRegenDelaySeconds());
        asteroidRespawnTicks = c.ticks(c.asteroidRespawnSeconds());
        respawnTicks = c.ticks(c.respawnDelaySeconds());
    }

    /** Fires for every actor that holds the trigger and carries a weapon, then moves projectiles. */
    void run(Motion m) {
        for (int a = 0; a < m.actorCount; a++) {
            int i = m.actors[a];
            int k = e.kind(i);
            if (k != 0 && e.fire[i] && KindTable.has(k, PlaygroundSchema.WEAPON)) {
                tryFire(i);
            }
        }
        for (int p = 0; p < m.projectileCount; p++) {
            int i = m.projectiles[p];
            if (e.kind(i) == EntityKinds.PROJECTILE) {
                updateProjectile(i);
            }
        }
    }

    private void tryFire(int i) {
        long now = e.tick();
        long last = store.getLong(i, LAST_FIRED);
        if (last != 0 && now - last < cooldownTicks) {
            return;
        }
        int t = nearestTarget(i, WEAPON_RANGE, store.kind(i) == EntityKinds.AI_INTERCEPTOR);
        float dx;
        float dy;
        float len = 0f;
        if (t >= 0) {
            dx = e.x(t) - e.x(i);
            dy = e.y(t) - e.y(i);
            len = (float) Math.sqrt(dx * dx + dy * dy);
        } else {
            dx = 0f;
            dy = 0f;
        }
        if (len > 0f) {
            dx /= len;
            dy /= len;
        } else {
            dx = e.rotCos[i];
            dy = e.rotSin[i];
        }
        int p = e.spawn(EntityKinds.PROJECTILE, e.x(i), e.y(i), (float) StrictMath.atan2(dy, dx), store.owner(i));
        if (p < 0) {
            return; // Entity cap reached: the shot is not fired, the cooldown is not spent.
        }
        float speed = e.config.projectileSpeed();
        store.setFloat(p, VX, dx * speed);
        store.setFloat(p, VY, dy * speed);
        e.projOwner[p] = store.networkId(i);
        store.setLong(i, LAST_FIRED, now);
    }

    /** Nearest damageable entity within {@code range} other than {@code i}; only player ships if asked. */
    int nearestTarget(int i, float range, boolean playersOnly) {
        float cx = e.x(i);
        float cy = e.y(i);
        int n = e.query(cx, cy, range);
        int[] found = e.queryBuf;
        long room = store.room(i);
        int best = -1;
        float bestD = Float.MAX_VALUE;
        for (int q = 0; q < n; q++) {
            int j = found[q];
            int k = store.kind(j);
            if (j == i || !KindTable.has(k, PlaygroundSchema.HULL) || store.room(j) != room) {
                continue;
            }
            if (playersOnly && (store.owner(j) == 0 || k == EntityKinds.TRAINING_DUMMY
                    || k == EntityKinds.AI_INTERCEPTOR)) {
                continue;
            }
            float dx = e.x(j) - cx;
            float dy = e.y(j) - cy;
            float d = dx * dx + dy * dy;
            if (d < bestD || (d == bestD && store.networkId(j) < store.networkId(best))) {
                best = j;
                bestD = d;
            }
        }
        return best;
    }

    private void updateProjectile(int i) {
        float px = e.x(i);
        float py = e.y(i);
        float dx = px - e.originX[i];
        float dy = py - e.originY[i];
        if (--e.lifetime[i] <= 0 || dx * dx + dy * dy > WEAPON_RANGE * WEAPON_RANGE) {
            e.despawn(i);
            return;
        }
        int n = e.query(px, py, HIT_RADIUS);
        int[] found = e.queryBuf;
        long shooter = e.projOwner[i];
        int best = -1;
        float bestD = HIT_RADIUS * HIT_RADIUS;
        for (int q = 0; q < n; q++) {
            int j = found[q];
            int k = store.kind(j);
            if ((!KindTable.has(k, PlaygroundSchema.HULL) && !KindTable.has(k, PlaygroundSchema.ASTEROID_HP))
                    || store.networkId(j) == shooter) {
                continue;
            }
            float ex = e.x(j) - px;
            float ey = e.y(j) - py;
            float d = ex * ex + ey * ey;
            if (d < bestD || (best >= 0 && d == bestD && store.networkId(j) < store.networkId(best))) {
                best = j;
                bestD = d;
            }
        }
        if (best >= 0) {
            e.despawn(i);
            damage(best, shooter, WEAPON_DAMAGE);
        }
    }

    private void damage(int t, long source, int amount) {
        int k = store.kind(t);
        int hull;
        if (KindTable.has(k, PlaygroundSchema.HULL)) {
            int shield = e.shield(t);
            int absorbed = Math.min(shield, amount);
            e.setShield(t, shield - absorbed);
            hull = Math.max(0, e.hull(t) - (amount - absorbed));
            e.lastDamageTick[t] = e.tick();
            e.flags[t] |= Entities.F_REGEN;
            e.wake(t); // Its shield regenerates later.
        } else {
            hull = Math.max(0, e.hull(t) - amount);
        }
        e.setHull(t, hull);
        e.events.add(ReliableEventSink.BROADCAST, new GameEvent.DamageEvent(source, store.networkId(t), amount));
        if (hull == 0) {
            kill(t);
        }
    }

    private void kill(int t) {
        long id = store.networkId(t);
        e.events.add(ReliableEventSink.BROADCAST, new GameEvent.DeathEvent(id));
        int k = store.kind(t);
        long owner = store.owner(t);
        if (k == EntityKinds.ASTEROID) {
            respawns.schedule(k, e.x(t), e.y(t), (int) store.getLong(t, PlaygroundSchema.ORE_MAX),
                    asteroidRespawnTicks);
        } else if ((k == EntityKinds.AI_INTERCEPTOR || k == EntityKinds.TRAINING_DUMMY) && owner == 0) {
            // The world's own opponents come back at home; ones a client spawned are the client's.
            respawns.schedule(k, e.homeX[t], e.homeY[t], 0, respawnTicks);
        }
        if (e.session[t] && owner != 0) {
            sessions.shipDied(owner, id, k);
        }
        int q = e.cargo(t);
        float px = e.x(t);
        float py = e.y(t);
        boolean hadHold = KindTable.has(k, PlaygroundSchema.CARGO_HOLD);
        e.despawn(t);
        if (hadHold && q > 0) {
            int d = e.spawn(EntityKinds.CARGO_DROP, px, py, 0f, 0L);
            if (d >= 0) {
                e.setCargo(d, q);
            }
        }
    }

    /** @return whether the shield is still below its maximum */
    boolean regenerate(int i, int k) {
        int perSecond = KindTable.SHIELD_REGEN[k];
        int shield = e.shield(i);
        int max = e.shieldMax(i);
        if (shield >= max || perSecond <= 0) {
            return false;
        }
        long now = e.tick();
        if (now - e.lastDamageTick[i] < regenDelayTicks) {
            return true;
        }
        int every = Math.max(1, e.config.tickRate() / perSecond);
        if (now % every == 0) {
            e.setShield(i, ++shield);
        }
        return shield < max;
    }
}
