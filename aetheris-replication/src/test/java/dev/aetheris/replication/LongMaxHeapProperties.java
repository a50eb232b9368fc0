package dev.aetheris.replication;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Popping a heapified array yields its keys largest first, whatever the keys and their count. */
class LongMaxHeapProperties {

    @Test
    void popsEveryKeyInDescendingOrder() {
        SplittableRandom rnd = new SplittableRandom(7);
        for (int round = 0; round < 500; round++) {
            int n = 1 + rnd.nextInt(300);
            long[] keys = new long[n];
            for (int i = 0; i < n; i++) {
                // Few distinct values in some rounds, so equal keys are exercised too.
                keys[i] = round % 3 == 0 ? rnd.nextInt(4) : rnd.nextLong();
            }
            long[] heap = keys.clone();
            LongMaxHeap.heapify(heap, n);
            long[] popped = new long[n];
            for (int size = n; size > 0; size--) {
                popped[n - size] = LongMaxHeap.pop(heap, size);
            }
            long[] expected = keys.clone();
            Arrays.sort(expected);
            for (int i = 0; i < n / 2; i++) {
                long t = expected[i];
                expected[i] = expected[n - 1 - i];
                expected[n - 1 - i] = t;
            }
            assertThat(popped).as("round %d, %d keys", round, n).containsExactly(expected);
        }
    }
}
