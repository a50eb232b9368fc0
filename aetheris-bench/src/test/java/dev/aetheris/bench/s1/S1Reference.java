package dev.aetheris.bench.s1;

/**
 * An independent Java statement of scenario S1 (PRNG, spawns, per-tick rules), used to check the
 * Colyseus room's simulation figure for figure. Written from the scenario text, not from the
 * JavaScript; {@link StrictMath} keeps the trigonometry bit-reproducible.
 */
final class S1Reference {
    static final double BOX = 1000;
    static final double DT = 1.0 / 60;
    static final int NPCS = 200;
    private static final double TWO_PI = 2 * Math.PI;

    /** mulberry32 over a 32-bit state; {@link #next()} returns a double in [0, 1). */
    static final class Mulberry32 {
        private int state;

        Mulberry32(int seed) {
            state = seed;
        }

        double next() {
            state += 0x6d2b79f5;
            int t = (state ^ (state >>> 15)) * (state | 1);
            t = (t + ((t ^ (t >>> 7)) * (t | 61))) ^ t;
            return Integer.toUnsignedLong(t ^ (t >>> 14)) / 4294967296.0;
        }
    }

    final double[] npcX = new double[NPCS];
    final double[] npcY = new double[NPCS];
    final double[] npcA = new double[NPCS];
    final double[] shipX;
    final double[] shipY;
    final double[] shipA;
    final double[] shipVx;
    final double[] shipVy;
    final double[] thrust;
    final double[] turn;

    S1Reference(int ships) {
        Mulberry32 r = new Mulberry32(1);
        for (int i = 0; i < NPCS; i++) {
            npcX[i] = r.next() * BOX;
            npcY[i] = r.next() * BOX;
            npcA[i] = r.next() * TWO_PI;
        }
        shipX = new double[ships];
        shipY = new double[ships];
        shipA = new double[ships];
        shipVx = new double[ships];
        shipVy = new double[ships];
        thrust = new double[ships];
        turn = new double[ships];
        for (int k = 0; k < ships; k++) {
            Mulberry32 s = new Mulberry32(1000 + k);
            shipX[k] = s.next() * BOX;
            shipY[k] = s.next() * BOX;
            shipA[k] = s.next() * TWO_PI;
        }
    }

    static double wrap(double a) {
        double w = a % TWO_PI;
        return w < 0 ? w + TWO_PI : w;
    }

    void step() {
        double d = 100 * DT;
        for (int i = 0; i < NPCS; i++) {
            double a = npcA[i];
            double x = npcX[i] + StrictMath.cos(a) * d;
            double y = npcY[i] + StrictMath.sin(a) * d;
            boolean bounced = false;
            if (x < 0) {
                x = -x;
                a = Math.PI - a;
                bounced = true;
            } else if (x > BOX) {
                x = 2 * BOX - x;
                a = Math.PI - a;
                bounced = true;
            }
            if (y < 0) {
                y = -y;
                a = -a;
                bounced = true;
            } else if (y > BOX) {
                y = 2 * BOX - y;
                a = -a;
                bounced = true;
            }
            npcX[i] = x;
            npcY[i] = y;
            if (bounced) {
                npcA[i] = wrap(a);
            }
        }
        for (int k = 0; k < shipX.length; k++) {
            double a = wrap(shipA[k] + turn[k] * Math.PI * DT);
            shipA[k] = a;
            double acc = thrust[k] * 300 * DT;
            double vx = shipVx[k] + StrictMath.cos(a) * acc;
            double vy = shipVy[k] + StrictMath.sin(a) * acc;
            vx -= vx * 2 * DT;
            vy -= vy * 2 * DT;
            double x = shipX[k] + vx * DT;
            double y = shipY[k] + vy * DT;
            if (x < 0) {
                x = 0;
                vx = 0;
            } else if (x > BOX) {
                x = BOX;
                vx = 0;
            }
            if (y < 0) {
                y = 0;
                vy = 0;
            } else if (y > BOX) {
                y = BOX;
                vy = 0;
            }
            shipX[k] = x;
            shipY[k] = y;
            shipVx[k] = vx;
            shipVy[k] = vy;
        }
    }

    /** Client i's input stream: thrust, turn, phase in [0, 500) ms, then fresh values every 500 ms. */
    static final class Inputs {
        private final Mulberry32 r;
        double thrust;
        double turn;
        private double nextChangeMs;

        Inputs(int client) {
            r = new Mulberry32(5000 + client);
            thrust = r.next() * 2 - 1;
            turn = r.next() * 2 - 1;
            nextChangeMs = r.next() * 500;
        }

        Inputs at(double elapsedMs) {
            while (elapsedMs >= nextChangeMs) {
                thrust = r.next() * 2 - 1;
                turn = r.next() * 2 - 1;
                nextChangeMs += 500;
            }
            return this;
        }
    }
}
