package dev.aetheris.world;

import dev.aetheris.protocol.component.EntityKinds;
import dev.aetheris.replication.EntityStore;

/**
 * The AI system for interceptors (kind 2): patrol around home (random waypoints within
 * {@link #PATROL_RADIUS}), chase the nearest player ship (owned by a client; not AI, not dummies)
 * within {@link #AGGRO_RANGE}, fire within weapon range, give up beyond 1.5× the aggro range or
 * {@link #LEASH_RANGE} from home, fly home, patrol again. It only sets the pilot's stick and
 * trigger; motion and combat do the rest.
 */
final class Ai {
    static final byte PATROL = 0;
    static final byte CHASE = 1;
    static final byte RETURN = 2;
    static final float AGGRO_RANGE = 150f;
    static final float LEASH_RANGE = 300f;
    static final float PATROL_RADIUS = 40f;
    static final float ARRIVE = 8f;

    private final Entities e;
    private final EntityStore store;
    private final Combat combat;

    Ai(Entities e, Combat combat) {
        this.e = e;
        this.store = e.store;
        this.combat = combat;
    }

    /** One decision per awake AI interceptor, in index order. */
    void run() {
        if (e.aiCount() == 0) {
            return;
        }
        final long[] awake = e.awake;
        final int words = (e.high() + 63) >>> 6;
        for (int w = 0; w < words; w++) {
            for (long bits = awake[w]; bits != 0; bits &= bits - 1) {
                int i = (w << 6) + Long.numberOfTrailingZeros(bits);
                if (store.kind(i) == EntityKinds.AI_INTERCEPTOR) {
                    think(i);
                }
            }
        }
    }

    private void think(int i) {
        float x = e.x(i);
        float y = e.y(i);
        float tx;
        float ty;
        boolean fireNow = false;
        switch (e.aiState[i]) {
            case CHASE -> {
                int t = e.indexOf(e.aiTarget[i]);
                float hx = x - e.homeX[i];
                float hy = y - e.homeY[i];
                boolean lost = t < 0 || hx * hx + hy * hy > LEASH_RANGE * LEASH_RANGE;
                if (!lost) {
                    float dx = e.x(t) - x;
                    float dy = e.y(t) - y;
                    float d2 = dx * dx + dy * dy;
                    lost = d2 > (AGGRO_RANGE * 1.5f) * (AGGRO_RANGE * 1.5f);
                    fireNow = d2 <= Combat.WEAPON_RANGE * Combat.WEAPON_RANGE;
                }
                if (lost) {
                    e.aiState[i] = RETURN;
                    e.aiTarget[i] = 0;
                    tx = e.homeX[i];
                    ty = e.homeY[i];
                    fireNow = false;
                } else {
                    tx = e.x(t);
                    ty = e.y(t);
                }
            }
            case RETURN -> {
                tx = e.homeX[i];
                ty = e.homeY[i];
                float dx = tx - x;
                float dy = ty - y;
                if (dx * dx + dy * dy < ARRIVE * ARRIVE) {
                    e.aiState[i] = PATROL;
                }
            }
            default -> {
                int t = combat.nearestTarget(i, AGGRO_RANGE, true);
                if (t >= 0) {
                    e.aiState[i] = CHASE;
                    e.aiTarget[i] = store.networkId(t);
                    tx = e.x(t);
                    ty = e.y(t);
                    fireNow = true;
                } else {
                    float dx = e.wpX[i] - x;
                    float dy = e.wpY[i] - y;
                    if (dx * dx + dy * dy < ARRIVE * ARRIVE) {
                        e.wpX[i] = e.homeX[i] + e.rng.nextFloat(-PATROL_RADIUS, PATROL_RADIUS);
                        e.wpY[i] = e.homeY[i] + e.rng.nextFloat(-PATROL_RADIUS, PATROL_RADIUS);
                    }
                    tx = e.wpX[i];
                    ty = e.wpY[i];
                }
            }
        }
        float dx = tx - x;
        float dy = ty - y;
        float len = (float) Math.sqrt(dx * dx + dy * dy);
        if (len > 1e-3f) {
            e.moveX[i] = dx / len;
            e.moveY[i] = dy / len;
        } else {
            e.moveX[i] = 0f;
            e.moveY[i] = 0f;
        }
        e.fire[i] = fireNow;
    }
}
