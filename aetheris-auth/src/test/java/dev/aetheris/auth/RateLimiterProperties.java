package dev.aetheris.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

class RateLimiterProperties {

    /** Whatever the arrival pattern, no window of the configured length ever admits more than the limit. */
    @Property(tries = 300)
    void neverMoreThanTheLimitInAnyWindow(@ForAll @Size(min = 1, max = 200) List<@IntRange(min = 0, max = 500) Integer> gaps,
                                          @ForAll @IntRange(min = 1, max = 8) int limit,
                                          @ForAll @IntRange(min = 1, max = 2000) int window) {
        RateLimiter rl = new RateLimiter(limit, window);
        List<Long> admitted = new ArrayList<>();
        long now = 0;
        for (int g : gaps) {
            now += g;
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
    @Property(tries = 100)
    void aSteadyRateWithinTheLimitIsAlwaysAdmitted(@ForAll @IntRange(min = 1, max = 10) int limit,
                                                   @ForAll @IntRange(min = 10, max = 5000) int window) {
        RateLimiter rl = new RateLimiter(limit, window);
        long step = (window + limit - 1) / limit;
        for (int i = 0; i < 100; i++) {
            assertThat(rl.tryAcquire("k", i * step)).isZero();
        }
        rl.sweep(100 * step + window);
        assertThat(rl.trackedKeys()).isZero();
    }
}
