package dev.aetheris.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aetheris.testkit.Trials;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RateLimiterProperties {

    /** Whatever the arrival pattern, no window of the configured length ever admits more than the limit. */
    @Test
    void neverMoreThanTheLimitInAnyWindow() {
        Trials.run(300, RateLimiterProperties::randomArrivalsNeverExceedTheLimit);
    }

    private static void randomArrivalsNeverExceedTheLimit(Random rnd) {
        int limit = rnd.nextInt(1, 9);
        int window = rnd.nextInt(1, 2001);
        RateLimiter rl = new RateLimiter(limit, window);
        List<Long> admitted = new ArrayList<>();
        long now = 0;
        for (int arrivals = rnd.nextInt(1, 201); arrivals > 0; arrivals--) {
            // Bursts (gap 0) and gaps of exactly the window are the edges of the sliding window.
            now += switch (rnd.nextInt(4)) {
                case 0 -> 0;
                case 1 -> window;
                default -> rnd.nextInt(501);
            };
            long wait = rl.tryAcquire("k", now);
            if (wait == 0) {
                admitted.add(now);
            } else {
                // The promised wait is exact: at now + wait the oldest admitted event has left the window.
                assertThat(wait).isPositive().isLessThanOrEqualTo(window);
                assertThat(admitted.get(admitted.size() - limit) + window).isEqualTo(now + wait);
            }
        }
        for (int i = limit; i < admitted.size(); i++) {
            assertThat(admitted.get(i) - admitted.get(i - limit)).isGreaterThanOrEqualTo(window);
        }
    }

    /** Requests spread out by at least window/limit are never refused. */
    @Test
    void aSteadyRateWithinTheLimitIsAlwaysAdmitted() {
        Trials.run(100, rnd -> steadyRateIsAdmitted(rnd.nextInt(1, 11), rnd.nextInt(10, 5001)));
    }

    private static void steadyRateIsAdmitted(int limit, int window) {
        RateLimiter rl = new RateLimiter(limit, window);
        long step = (window + limit - 1) / limit;
        for (int i = 0; i < 100; i++) {
            assertThat(rl.tryAcquire("k", i * step)).isZero();
        }
        rl.sweep(100 * step + window);
        assertThat(rl.trackedKeys()).isZero();
    }
}
