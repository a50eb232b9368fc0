package dev.aetheris.world;

import static dev.aetheris.world.PlaygroundSchema.ROT;
import static dev.aetheris.world.PlaygroundSchema.VX;
import static dev.aetheris.world.PlaygroundSchema.VY;
import static dev.aetheris.world.PlaygroundSchema.X;
import static dev.aetheris.world.PlaygroundSchema.Y;

import dev.aetheris.protocol.component.EntityKinds;
import dev.aetheris.replication.EntityStore;

/**
 * The motion system and the tick's one pass over awake entities: input timeout, physics (upstream
 * integration: {@code a = move·thrust/(mass + 2·ore)}, {@code v += a·dt}, {@code v /= 1 + drag·dt},
 * clamp to max speed, move, wrap into the room, turn toward the velocity at the kind's turn rate),
 * shield regeneration, and collection of the entities the later systems work on. An entity with
 * nothing to do is put to sleep until an input, a hit or a spawn wakes it.
 */
final class Motion {
    /** Below this speed (units/s) a ship without thrust is snapped to rest, so it stops sending. */
    static final float STOP_SPEED = 0.05f;
    static final float MASS_PER_ORE = 2f;

    private final Entities e;
    private final EntityStore store;
    private final Combat combat;
    private final float dt;
    private final float[] dragFactor = new float[KindTable.KINDS];
    private final float[] turnStep = new float[KindTable.KINDS];
    private final float[] turnCos = new float[KindTable.KINDS];
    private final float[] turnSin = new float[KindTable.KINDS];

    /** Work lists filled by {@link #run}: entities firing or mining, projectiles, cargo drops. */
    final int[] actors;
    final int[] projectiles;
    final int[] drops;
    int actorCount;
    int projectileCount;
    int dropCount;

    Motion(Entities e, Combat combat) {
        this.e = e;
        this.store = e.store;
        this.combat = combat;
        this.dt = 1f / e.config.tickRate();
        for (int k = 0; k < KindTable.KINDS; k++) {
            dragFactor[k] = 1f / (1f + KindTable.DRAG[k] * dt);
            turnStep[k] = KindTable.TURN[k] * dt;
            turnCos[k] = (float) StrictMath.cos(turnStep[k]);
            turnSin[k] = (float) StrictMath.sin(turnStep[k]);
        }
        int n = e.store.capacity();
        actors = new int[n];
        projectiles = new int[n];
        drops = new int[n];
    }

    /** Visits awake entities in index order (an entity at rest costs one bit per tick). */
    void run() {
        final long[] awake = e.awake;
        final int words = (e.high() + 63) >>> 6;
        final long now = e.tick();
        int nActors = 0;
        int nProjectiles = 0;
        int nDrops = 0;
        for (int w = 0; w < words; w++) {
            for (long bits = awake[w]; bits != 0; bits &= bits - 1) {
                int i = (w << 6) + Long.numberOfTrailingZeros(bits);
                int k = store.kind(i);
                int f = e.flags[i];
                if ((f & Entities.F_DEADLINE) != 0 && now > e.inputDeadline[i]) {
                    // The client went quiet: stop thrusting and firing; drag brings the ship to rest.
                    e.moveX[i] = 0f;
                    e.moveY[i] = 0f;
                    e.fire[i] = false;
                    e.inputDeadline[i] = 0;
                    f &= ~Entities.F_DEADLINE;
                }
                boolean moving = false;
                if (KindTable.PHYSICS[k]) {
                    integrate(i, k);
                    moving = store.getFloat(i, VX) != 0f || store.getFloat(i, VY) != 0f
                            || e.moveX[i] != 0f || e.moveY[i] != 0f;
                }
                boolean acting = e.fire[i] || e.beamOn(i);
                if (acting) {
                    actors[nActors++] = i;
                }
                if (k == EntityKinds.PROJECTILE) {
                    projectiles[nProjectiles++] = i;
                } else if (k == EntityKinds.CARGO_DROP) {
                    drops[nDrops++] = i;
                }
                if ((f & Entities.F_REGEN) != 0 && !combat.regenerate(i, k)) {
                    f &= ~Entities.F_REGEN;
                }
                e.flags[i] = (byte) f;
                if (!moving && !acting && f == 0 && k != EntityKinds.PROJECTILE
                        && k != EntityKinds.CARGO_DROP && k != EntityKinds.AI_INTERCEPTOR) {
                    awake[w] &= ~(1L << i); // Nothing to do until an input, a hit or a spawn wakes it.
                }
            }
        }
        actorCount = nActors;
        projectileCount = nProjectiles;
        dropCount = nDrops;
        e.invalidateGrid();
    }

    private void integrate(int i, int k) {
        float mx = e.moveX[i];
        float my = e.moveY[i];
        float ovx = store.getFloat(i, VX);
        float ovy = store.getFloat(i, VY);
        boolean thrusting = mx != 0f || my != 0f;
        if (!thrusting && ovx == 0f && ovy == 0f) {
            return; // At rest: nothing changes, nothing is written.
        }
        float accel = KindTable.THRUST[k] / (KindTable.MASS[k] + e.cargo(i) * MASS_PER_ORE);
        float f = dragFactor[k];
        float nvx = (ovx + mx * accel * dt) * f;
        float nvy = (ovy + my * accel * dt) * f;
        float sp2 = nvx * nvx + nvy * nvy;
        float vmax = KindTable.VMAX[k];
        if (sp2 > vmax * vmax) {
            float s = vmax / (float) Math.sqrt(sp2);
            nvx *= s;
            nvy *= s;
            sp2 = nvx * nvx + nvy * nvy;
        }
        if (!thrusting && sp2 < STOP_SPEED * STOP_SPEED) {
            nvx = 0f;
            nvy = 0f;
            sp2 = 0f;
        }
        float ox = store.getFloat(i, X);
        float oy = store.getFloat(i, Y);
        float or = store.getFloat(i, ROT);
        float nx = wrap(ox + nvx * dt, e.minX, e.maxX);
        float ny = wrap(oy + nvy * dt, e.minY, e.maxY);
        float r = or;
        float c = e.rotCos[i];
        float s = e.rotSin[i];
        if (sp2 > 0.01f) {
            float cross = c * nvy - s * nvx;
            float dot = c * nvx + s * nvy;
            // Already facing the motion: skip the trigonometry (the common case for steady flight).
            if (dot <= 0f || cross * cross > 1e-10f * sp2) {
                float target = (float) StrictMath.atan2(nvy, nvx);
                float diff = angle(target - r);
                if (Math.abs(diff) <= turnStep[k]) {
                    float speed = (float) Math.sqrt(sp2);
                    r = target;
                    c = nvx / speed;
                    s = nvy / speed;
                } else {
                    // Rotate the cached unit vector by the fixed step instead of calling sin/cos
                    // (StrictMath.sin/cos allocate for large arguments); renormalize against drift.
                    float ss = diff > 0 ? turnSin[k] : -turnSin[k];
                    float cs = turnCos[k];
                    float nc = c * cs - s * ss;
                    float ns = s * cs + c * ss;
                    float norm = (float) Math.sqrt(nc * nc + ns * ns);
                    c = nc / norm;
                    s = ns / norm;
                    r = angle(r + (diff > 0 ? turnStep[k] : -turnStep[k]));
                }
            }
        }
        // Float comparison, not bits: -0 and 0 are the same speed and must not count as a change.
        if (nvx != ovx || nvy != ovy) {
            store.setFloat(i, VX, nvx);
            store.setFloat(i, VY, nvy);
        }
        if (nx != ox || ny != oy || r != or) {
            store.setFloat(i, X, nx);
            store.setFloat(i, Y, ny);
            store.setFloat(i, ROT, r);
            e.rotCos[i] = c;
            e.rotSin[i] = s;
        }
    }

    /** Wraps {@code v} into {@code [lo, hi)}. */
    static float wrap(float v, float lo, float hi) {
        if (v >= lo && v < hi) {
            return v;
        }
        float w = hi - lo;
        float r = v - lo;
        r -= w * (float) Math.floor(r / w);
        float out = lo + r;
        return out >= hi || out < lo ? lo : out;
    }

    /** Normalizes an angle to [-π, π]. */
    static float angle(float a) {
        final float pi = (float) StrictMath.PI;
        final float tau = 2f * pi;
        if (a > pi) {
            a -= tau * (float) Math.floor((a + pi) / tau);
        } else if (a < -pi) {
            a += tau * (float) Math.floor((pi - a) / tau);
        }
        return a;
    }
}
